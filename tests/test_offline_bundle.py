"""Offline installation (政务内网): scripts/bundle.sh builds the bundle (packed with --tar), the
tarball is unpacked and its install-offline.sh installs into a fresh virtualenv with the network cut
off, and the installed application works: imports, command line on the examples, the app's login.

Building the bundle downloads wheels (CI reaches PyPI; pip's cache makes reruns fast). Only the
installation and what runs after it must work offline: they run in a network namespace without
network (`unshare -n`, as root), with pip pointed at a dead index and proxy in any case.
About 1.5 minutes on 2 cores with a warm pip cache; ~1 GB in a temporary folder, removed afterwards.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEAD = "http://127.0.0.1:9/"  # the discard port: any network attempt fails at once


def _no_network() -> list[str]:
    """A command prefix that runs without any network (new network namespace), when allowed."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


def _offline_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PIP_") and k.lower() not in ("http_proxy", "https_proxy", "no_proxy")}
    env.update(PIP_NO_INDEX="1", PIP_INDEX_URL=DEAD, PIP_CONFIG_FILE=os.devnull,
               http_proxy=DEAD, https_proxy=DEAD, HTTP_PROXY=DEAD, HTTPS_PROXY=DEAD, **extra)
    return env


def _run(cmd, *, env=None, cwd=None, timeout=600, offline=False) -> subprocess.CompletedProcess:
    cmd = [str(c) for c in cmd]
    if offline:
        cmd = _no_network() + cmd
        env = env or _offline_env()
    p = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert p.returncode == 0, f"{' '.join(cmd)} → {p.returncode}\n{p.stdout[-4000:]}\n{p.stderr[-4000:]}"
    return p


@pytest.fixture(scope="module")
def installed():
    tmp = Path(tempfile.mkdtemp(prefix="workbench-offline-test."))
    try:
        out = tmp / "dist" / "offline"
        built = _run(["bash", ROOT / "scripts" / "bundle.sh", out, "--tar"], cwd=ROOT)
        tarballs = list((tmp / "dist").glob("regulation-workbench-offline-*.tar.gz"))
        assert len(tarballs) == 1, built.stdout
        unpacked = tmp / "unpacked"
        unpacked.mkdir()
        _run(["tar", "-xzf", tarballs[0], "-C", unpacked])
        (bundle,) = unpacked.iterdir()
        app, venv = tmp / "app", tmp / "venv"
        inst = _run(["bash", bundle / "install-offline.sh", "--app", app, "--venv", venv],
                    cwd=tmp, offline=True)
        yield {"tmp": tmp, "out": out, "bundle": bundle, "app": app, "venv": venv,
               "log": built.stdout + inst.stdout}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_bundle_has_wheels_for_every_requirement_and_the_project(installed):
    bundle = installed["bundle"]
    for name in ("install-offline.sh", "README.md", "BUILD-INFO.txt", "SHA256SUMS",
                 "regulation-workbench-src.tar.gz"):
        assert (bundle / name).is_file(), name
    wheels = sorted(p.name for p in (bundle / "wheelhouse").iterdir())
    assert wheels and all(w.endswith(".whl") for w in wheels), wheels  # no sdists to build offline
    names = {w.split("-")[0].lower() for w in wheels}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        req = line.split("#")[0].strip()
        if req:
            name = req.split("==")[0].split(">")[0].split("<")[0].split("[")[0].strip()
            assert name.lower().replace("-", "_") in names, name
    assert {"jieba", "regulation_workbench", "pip", "setuptools"} <= names
    for w in wheels:  # every binary wheel runs on glibc 2.28 (or was built on this machine)
        assert w.endswith("-any.whl") or "manylinux" in w or w.endswith("linux_x86_64.whl"), w
        assert "cp311" in w or "abi3" in w or "-py3-" in w or "-py2.py3-" in w, w
    (project,) = [p for p in (bundle / "wheelhouse").iterdir() if p.name.startswith("regulation_workbench-")]
    members = zipfile.ZipFile(project).namelist()
    assert "checks/jurisdictions.toml" in members and "workbench/__init__.py" in members
    with tarfile.open(bundle / "regulation-workbench-src.tar.gz") as tf:
        src = set(tf.getnames())
    assert {"app.py", ".streamlit/config.toml", "requirements.txt", "examples/gr-dog-management-v1.md"} <= src
    assert not [n for n in src if n.startswith((".git/", ".venv/", "data/", "dist/"))]
    assert "本机从源码构建：jieba" in (bundle / "BUILD-INFO.txt").read_text()


def test_installed_venv_imports_the_workbench_and_its_dependencies(installed):
    py = installed["venv"] / "bin" / "python"
    p = _run([py, "-c", "import workbench, checks, corpus, streamlit, spacy, docx, jieba; print(workbench.__file__)"],
             cwd=installed["tmp"], offline=True)
    # Installed in editable mode from the unpacked source tree: examples/ and data/ are found there.
    assert Path(p.stdout.strip()).resolve().is_relative_to(installed["app"].resolve())


def test_installed_command_line_works_on_the_examples(installed):
    app, tmp = installed["app"], installed["tmp"]
    cli = ["bash", app / "workbench-cli.sh"]
    env = _offline_env(WORKBENCH_DB=str(tmp / "demo.db"))
    _run(cli + ["demo"], env=env, cwd=tmp, offline=True)
    docs = _run(cli + ["documents"], env=env, cwd=tmp, offline=True).stdout
    assert "示例市养犬管理办法" in docs
    found = _run(cli + ["check", app / "examples" / "gr-dog-management-v1.md", "--level", "GR"],
                 env=env, cwd=tmp, offline=True).stdout
    assert "LIC-DISGUISED" in found  # the legality rules (jieba + spaCy) run from the bundle


def test_installed_app_shows_the_login_and_logs_in(installed):
    app, tmp = installed["app"], installed["tmp"]
    env = _offline_env(WORKBENCH_DB=str(tmp / "app.db"), WORKBENCH_DEMO="0")
    _run(["bash", app / "workbench-cli.sh", "user", "add", "admin", "--role", "admin",
          "--password", "Offline-123", "--display-name", "内网管理员"], env=env, cwd=tmp, offline=True)
    script = """
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=60).run()
assert not at.exception, at.exception
assert [t.label for t in at.text_input] == ["用户名", "密码"], at.text_input
at.text_input[0].input("admin")
at.text_input[1].input("Offline-123")
at.button[0].click()
at = at.run()
assert not at.exception, at.exception
# the first account of an empty database sets its own password before anything else (issue 17)
assert [s.value for s in at.subheader] == ["首次登录：请设置新密码"], at.subheader
at.text_input[0].input("Offline-123")
at.text_input[1].input("Inside-456")
at.text_input[2].input("Inside-456")
at.button[0].click()
at = at.run()
assert not at.exception, at.exception
print([c.value for c in at.sidebar.caption])
"""
    p = _run([installed["venv"] / "bin" / "python", "-c", script], env=env, cwd=app, offline=True)
    assert "内网管理员" in p.stdout


def test_reinstall_keeps_the_data_folder(installed):
    app = installed["app"]
    (app / "data").mkdir(exist_ok=True)
    (app / "data" / "keep.txt").write_text("业务数据")
    (app / "app.py").write_text("# damaged\n")
    p = _run(["bash", installed["bundle"] / "install-offline.sh", "--app", app, "--venv", installed["venv"]],
             cwd=installed["tmp"], offline=True)
    assert "使用已有的虚拟环境" in p.stdout
    assert (app / "data" / "keep.txt").read_text() == "业务数据"
    assert "st.navigation" in (app / "app.py").read_text()
