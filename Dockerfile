# The portal's production image: gunicorn for the web, the same image for Celery.
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=nns_portal.settings.production

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
COPY nns_portal ./nns_portal
COPY members ./members
COPY meetings ./meetings
COPY budget ./budget
RUN pip install --no-cache-dir .
COPY . .

# collectstatic needs settings that load; these values exist only for this build step.
RUN SECRET_KEY=build ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.db \
    CELERY_BROKER_URL=memory:// CACHE_URL=locmemcache:// EMAIL_URL=consolemail:// \
    DEFAULT_FROM_EMAIL=build@localhost \
    python manage.py collectstatic --noinput

RUN useradd --system --home /app portal && mkdir -p /app/var && chown portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "nns_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
