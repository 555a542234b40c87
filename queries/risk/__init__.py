"""Risk monitoring and early warning (风险监测预警): warnings, grades, the ledger and the
key-supervision list. Start with :func:`queries.risk.assess.assess`; see docs/risk.md."""
