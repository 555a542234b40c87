# 治欠 Zhiqian API and CLI. Built by docker-compose.yml; runs as an unprivileged user.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY queries ./queries
COPY loaders ./loaders
COPY api ./api
RUN python -m pip install --no-cache-dir --upgrade pip \
 && python -m pip wheel --no-cache-dir --wheel-dir /wheels '.[fast]'

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ZHIQIAN_DATA_DIR=/app/data
RUN useradd --create-home --uid 10001 zhiqian \
 && mkdir -p /app/data && chown zhiqian:zhiqian /app/data
COPY --from=build /wheels /wheels
RUN python -m pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
WORKDIR /app
USER zhiqian
EXPOSE 8000
CMD ["zhiqian", "serve", "--host", "0.0.0.0", "--port", "8000"]
