"""The one settings class. Every field is read from the environment (prefix ``ZHIQIAN_``)
or a ``.env`` file, and documented in docs/settings.md (a test keeps the two in step)."""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.privacy import Pseudonymiser


class Settings(BaseSettings):
    """Configuration of a Zhiqian installation."""

    model_config = SettingsConfigDict(
        env_prefix="ZHIQIAN_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    store: Literal["memory", "neo4j"] = Field(
        "memory", title="存储后端", description="memory (embedded networkx, default) or neo4j"
    )
    data_dir: Path = Field(Path("data"), title="数据目录", description="embedded store directory")
    hash_key: SecretStr | None = Field(
        None,
        title="身份号码哈希密钥",
        description="secret for keyed hashes of resident ids and phones; when unset, a random "
        "key is created once in <data_dir>/secret.key",
    )
    allow_synthetic_ids: bool = Field(
        False, title="允许合成身份号码", description="accept synthetic resident ids (prefix 99)"
    )
    neo4j_uri: str = Field("neo4j://localhost:7687", title="Neo4j 地址")
    neo4j_user: str = Field("neo4j", title="Neo4j 用户")
    neo4j_password: SecretStr = Field(SecretStr(""), title="Neo4j 密码")
    neo4j_database: str = Field("neo4j", title="Neo4j 数据库")
    neo4j_batch_size: int = Field(5000, title="Neo4j 批量写入行数", ge=1, le=100_000)
    province: str = Field("31", title="省级区划代码", description="for provincial thresholds")
    api_max_body_bytes: int = Field(1_000_000, title="API 请求体上限（字节）", ge=1024)
    log_level: str = Field("INFO", title="日志级别")

    def pseudonymiser(self) -> Pseudonymiser:
        """The keyed hasher for personal identifiers."""
        if self.hash_key is not None:
            return Pseudonymiser(self.hash_key.get_secret_value().encode())
        return Pseudonymiser(_key_file_secret(self.data_dir))


def _key_file_secret(data_dir: Path) -> bytes:
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip().encode()


@cache
def get_settings() -> Settings:
    """Settings read once per process."""
    return Settings()
