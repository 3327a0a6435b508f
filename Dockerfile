# 法规起草与审查工作台 — container image: Debian 12 (bookworm), Python 3.11, Streamlit on port 8501.
#
#   docker build -t regulation-workbench .
#   docker run -d --name workbench -p 8501:8501 -v workbench-data:/data regulation-workbench
#   docker exec workbench python -m workbench user add admin --role admin --password '…' --display-name '…'
#
# The database lives in the volume /data (WORKBENCH_DB=/data/workbench.db; the corpus database
# beside it). WORKBENCH_DEMO=0: an empty database, no demo accounts; `-e WORKBENCH_DEMO=1` creates
# the demo workspace on first start. For the regulation corpus mount it read-only at /shared/corpus
# (the 法规库 page's default folder) and import it there, or with
# `docker exec workbench python -m workbench corpus build /shared/corpus`.
#
# Networks without internet access: build on a connected machine, carry the image over with
#   docker save regulation-workbench | gzip > regulation-workbench-image.tar.gz
#   docker load -i regulation-workbench-image.tar.gz        (on the server)
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TZ=Asia/Shanghai \
    WORKBENCH_DB=/data/workbench.db \
    WORKBENCH_DEMO=0 \
    WORKBENCH_JIEBA_CACHE=/tmp

# fonts-noto-cjk: Chinese glyphs for anything rendered on the server; tzdata: 北京时间.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk tzdata \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first (a layer that survives code changes); requirements.txt is the one list.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
RUN python -m compileall -q /app \
 && useradd --system --create-home --uid 10001 workbench \
 && mkdir -p /data \
 && chown workbench:workbench /data

USER workbench
VOLUME ["/data"]
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)" || exit 1
CMD ["python", "-m", "streamlit", "run", "server.py", \
     "--server.headless=true", "--server.address=0.0.0.0", "--server.port=8501", \
     "--browser.gatherUsageStats=false"]
