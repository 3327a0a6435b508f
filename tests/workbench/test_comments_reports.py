"""The feedback letter to a contact point and the 征求意见采纳情况说明: generated .docx files opened
and read back (and one rendered by LibreOffice), plus the CLI commands that produce them."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest

from tests.workbench.comments_helpers import EXAMPLES, TODAY, consult, docx_bytes, docx_text, dog_document, \
    point_with_user
from workbench.cli import main as cli
from workbench.consultation.reports import adoption_report_docx, feedback_letter_docx
from workbench.consultation.comments import dispose, list_comments, submit_comment
from workbench.consultation.consultations import close_consultation
from workbench.documents.store import add_version
from base.errors import PermissionDenied
from lawtext.files import read_path


@pytest.fixture
def loop(fresh_db, users):
    """A consultation on v1 with comments from two points, a v2 送审稿, dispositions; one pending."""
    db = fresh_db
    doc, v1 = dog_document(db)
    cp1, east = point_with_user(db, users["admin"], "东城街道联系点", "east")
    cp2, west = point_with_user(db, users["admin"], "西山社区联系点", "west", kind="社区")
    c = consult(db, users["drafter"], v1.id, [cp1.id, cp2.id], opens=TODAY - timedelta(days=30),
                questions=["登记期限是否合理？"])
    a = submit_comment(db, east, c.id, text="十五日内登记太紧，建议延长到三十日。", element_id="art-6-p1",
                       participants=18, source_kind="座谈会")
    b = submit_comment(db, east, c.id, text="五万元罚款过高。", element_id="art-20", participants=18,
                       source_kind="座谈会")
    p = submit_comment(db, east, c.id, text="重点管理区范围应当公布。", element_id="art-7", participants=4)
    w = submit_comment(db, west, c.id, text="电梯内一律使用犬笼。", element_id="art-12-p1-i2", participants=35,
                       source_kind="问卷")
    close_consultation(db, users["drafter"], c.id, today=c.closes_on + timedelta(days=1))
    v2 = add_version(db, doc.id, read_path(EXAMPLES / "gr-dog-management-v2.md"), label="送审稿", actor="drafter1")
    dispose(db, users["drafter"], [a.id], decision="采纳", reason="已延长至三十日。", adopted_version_id=v2.id,
            adopted_article_id="第七条")
    dispose(db, users["drafter"], [b.id], decision="部分采纳", reason="罚款调整为二万元。", adopted_version_id=v2.id,
            adopted_article_id="第二十二条")
    dispose(db, users["drafter"], [w.id], decision="未采纳", reason="已规定戴嘴套或装入犬袋、犬笼。")
    return db, users, doc, c, (cp1, east), (cp2, west), (a, b, p, w)


def test_feedback_letter_lists_each_comment_with_disposition_and_reason(loop):
    db, users, doc, c, (cp1, east), (cp2, west), (a, b, p, w) = loop
    text = docx_text(feedback_letter_docx(db, east, c.id, cp1.id, today=date(2025, 5, 6)))
    # a 公文 (GB/T 9704): 标志, 发文字号, 标题, 主送机关 … 署名, 成文日期, 版记 (issue 19)
    assert text.startswith("示例市司法局文件\n\n\n示司函〔2025〕1号\n\n\n"
                           "示例市司法局关于《示例市养犬管理办法》征求意见采纳情况的反馈函\n\n东城街道联系点：")
    assert "共提交意见3条，参与40人次。经认真研究，采纳1条，部分采纳1条，未采纳0条，尚在研究1条" in text
    first = text[text.index("一、关于第六条第一款"):text.index("二、")]
    assert "现为第七条第一款；本条已修改" in first              # the article moved and was changed
    assert "意见：十五日内登记太紧，建议延长到三十日。" in first and "处理结果：采纳" in first
    assert "理由：已延长至三十日。" in first and "体现于：v2 送审稿 第七条" in first
    second = text[text.index("二、关于第二十条"):text.index("三、")]
    assert "处理结果：部分采纳" in second and "理由：罚款调整为二万元。" in second
    third = text[text.index("三、关于第七条"):]
    assert "处理结果：待处理" in third and "正在研究" in third
    assert "电梯内一律使用犬笼" not in text                      # another point's comment
    assert "特此函复。\n\n示例市司法局\n2025年5月6日\n" in text
    assert text.rstrip().endswith("示例市司法局办公室\t2025年5月6日印发")
    # downloaded again later: the same number and date
    again = docx_text(feedback_letter_docx(db, east, c.id, cp1.id, today=date(2025, 6, 1)))
    assert "示司函〔2025〕1号" in again and "2025年5月6日印发" in again


def test_contact_point_gets_only_its_own_letter(loop):
    db, users, doc, c, (cp1, east), (cp2, west), _ = loop
    with pytest.raises(PermissionDenied):
        feedback_letter_docx(db, east, c.id, cp2.id)
    with pytest.raises(PermissionDenied):
        adoption_report_docx(db, east, consultation_id=c.id)
    west_letter = docx_text(feedback_letter_docx(db, users["drafter"], c.id, cp2.id))
    assert "电梯内一律使用犬笼" in west_letter and "十五日内登记太紧" not in west_letter


def test_adoption_report_for_the_document(loop):
    db, users, doc, c, *_ = loop
    text = docx_text(adoption_report_docx(db, users["reviewer"], consultation_id=c.id))
    lines = text.splitlines()
    assert lines[0] == "示例市司法局文件" and "关于《示例市养犬管理办法》征求意见采纳情况的说明" in lines
    assert "示例市人民政府：" in lines                                # 主送: the 制定机关
    assert "向2个基层立法联系点（东城街道联系点、西山社区联系点）征求意见，征求意见期30日" in text
    assert "共收到意见4条，参与75人次" in text
    assert "采纳1条，部分采纳1条，未采纳1条，待处理1条；采纳（含部分采纳）2条，采纳率50.0%" in text
    # per-article section in article order: 第六条, 第七条, 第十二条, 第二十条
    order = [text.index(f"）{label}\n") for label in ("第六条", "第七条", "第十二条", "第二十条")]
    assert order == sorted(order)
    assert "东城街道联系点 | 40 | 3 | 2 | 66.7%" in text and "西山社区联系点 | 35 | 1 | 0 | 0.0%" in text
    assert docx_text(adoption_report_docx(db, users["drafter"], document_id=doc.id)) .count("共收到意见4条") == 1


def test_report_renders_in_libreoffice(loop, tmp_path):
    db, users, doc, c, *_ = loop
    path = tmp_path / "report.docx"
    path.write_bytes(adoption_report_docx(db, users["drafter"], consultation_id=c.id))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is part of the project's setup"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    out = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], check=True, capture_output=True,
                         text=True).stdout
    flat = "".join(out.split())   # pdftotext wraps lines and spaces out digits
    assert flat.startswith("示例市司法局文件示司函〔")
    assert "关于《示例市养犬管理办法》征求意见采纳情况的说明示例市人民政府：一、征求意见基本情况" in flat
    assert "采纳率50.0%" in flat and "东城街道联系点" in flat


def test_cli_report_import_and_lists(loop, tmp_path, db_path, capsys):
    db, users, doc, c, (cp1, east), *_ = loop
    out = tmp_path / "说明.docx"
    assert cli(["comments", "report", "--consultation", str(c.id), "-o", str(out), "--db", db_path,
                "--as", "drafter1"]) == 0
    assert "采纳率50.0%" in docx_text(out.read_bytes())
    letter = tmp_path / "letter.docx"
    assert cli(["comments", "report", "--consultation", str(c.id), "--contact-point", str(cp1.id), "-o", str(letter),
                "--db", db_path, "--as", "east"]) == 0
    assert "东城街道联系点：" in docx_text(letter.read_bytes())
    # a contact user asking for another point's letter: refused, non-zero exit, Chinese message
    assert cli(["comments", "report", "--consultation", str(c.id), "--contact-point", str(cp1.id + 1), "-o",
                str(letter), "--db", db_path, "--as", "east"]) != 0
    assert "联系点只能查看本联系点" in capsys.readouterr().err
    assert cli(["comments", "list", "--db", db_path, "--as", "east"]) == 0
    listed = capsys.readouterr().out
    assert "十五日内登记太紧" in listed and "电梯内一律使用犬笼" not in listed


def test_cli_import_previews_then_saves_with_yes(fresh_db, users, db_path, tmp_path, capsys):
    db = fresh_db
    doc, v1 = dog_document(db)
    cp1, _ = point_with_user(db, users["admin"], "东城街道联系点", "east")
    c = consult(db, users["drafter"], v1.id, [cp1.id])
    minutes = tmp_path / "纪要.docx"
    minutes.write_bytes(docx_bytes(["座谈会纪要", "参会人员：12人", "第六条期限太短。", "第十条和第十一条应当合并。",
                                    "加强宣传。"]))
    args = ["comments", "import", str(minutes), "--consultation", str(c.id), "--contact-point", "东城街道联系点",
            "--db", db_path, "--as", "drafter1"]
    assert cli(args) == 0
    shown = capsys.readouterr().out
    assert "共 4 条意见，其中 3 条需核对" in shown and "未保存" in shown
    assert db.execute("select count(*) from comments").fetchone()[0] == 0
    assert cli(args + ["--yes"]) == 0
    assert "已保存 4 条意见" in capsys.readouterr().out
    assert len(list_comments(db, users["drafter"], consultation_id=c.id)) == 4
    assert cli(args + ["--yes"]) != 0                              # the same file again
    assert "已导入过" in capsys.readouterr().err


def test_cli_consultation_and_contact_points(fresh_db, users, db_path, tmp_path, capsys):
    db = fresh_db
    doc, v1 = dog_document(db)
    base = ["--db", db_path]
    assert cli(["contact-point", "add", "--name", "南湖律所联系点", "--kind", "律所", "--liaison", "钱律师",
                *base, "--as", "admin1"]) == 0
    assert cli(["contact-point", "add", "--name", "X", "--kind", "学校", *base, "--as", "admin1"]) != 0
    assert "联系点类型无效" in capsys.readouterr().err
    assert cli(["contact-point", "list", *base, "--as", "drafter1"]) == 0
    assert "南湖律所联系点" in capsys.readouterr().out
    opens = TODAY - timedelta(days=1)
    common = ["consultation", "open", "--version", str(v1.id), "--opens", opens.isoformat(), "--invite", "1",
              "--question", "罚款是否适当？", *base]
    assert cli(common + ["--closes", (opens + timedelta(days=10)).isoformat(), "--as", "drafter1"]) != 0
    assert "少于政府规章要求的 30 日" in capsys.readouterr().err
    assert cli(common + ["--closes", (opens + timedelta(days=30)).isoformat(), "--as", "advisor1"]) != 0
    assert cli(common + ["--closes", (opens + timedelta(days=30)).isoformat(), "--as", "drafter1", "--json"]) == 0
    capsys.readouterr()
    assert cli(["consultation", "list", *base, "--as", "drafter1"]) == 0
    assert "进行中" in capsys.readouterr().out
    draft = tmp_path / "draft.docx"
    assert cli(["consultation", "draft", "1", "-o", str(draft), *base, "--as", "drafter1"]) == 0
    assert "罚款是否适当？" in docx_text(draft.read_bytes())
    assert cli(["consultation", "close", "1", *base, "--as", "drafter1"]) != 0
    assert "提前关闭须说明理由" in capsys.readouterr().err
    assert cli(["consultation", "close", "1", "--note", "收集完毕", *base, "--as", "drafter1"]) == 0
    assert "征求意见期 1 日" in capsys.readouterr().out
