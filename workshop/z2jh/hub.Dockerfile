# The chart's hub image, plus the room dashboard (workshop/room/), which the hub starts as a
# service (config.yaml, hub.services.room). Build from the course's folder and push:
#
#   docker build -f workshop/z2jh/hub.Dockerfile -t REGISTRY/fastapi-course-hub:4.4.0-room .
#
# The versions are the course's (environment.yml). Not built by the tests (no Docker here).
FROM quay.io/jupyterhub/k8s-hub:4.4.0
RUN python3 -m pip install --no-cache-dir fastapi==0.165.0 uvicorn==0.54.0 sqlalchemy==2.1.9 httpx==0.28.1
COPY workshop/room/app.py workshop/room/page.html /srv/room/
