"""征求意见 pages on the demo workspace: 提交意见 (contact), 意见反馈 (contact and staff),
征求意见管理 (drafter). The demo holds a closed consultation on the 养犬管理办法 征求意见稿 with
dispositions and an open one on the 物业服务管理实施细则 (see workbench/comments_demo.py)."""
from __future__ import annotations

from datetime import timedelta

from ui.pages import pages_for
from ui.forms import NONE
from workbench.consultation.comments import get_comment, list_comments
from workbench.consultation.stats import adoption_stats
from workbench.consultation.consultations import list_consultations, list_contact_points
from workbench.schema import open_db
from workbench.access.users import get_user
from base.clock import today as beijing_today

SUBMIT, FEEDBACK, ADMIN = "app_pages/comment_submit.py", "app_pages/comment_feedback.py", "app_pages/consultation_admin.py"


def texts(at) -> list[str]:
    """Everything shown as plain text, Markdown or caption."""
    return [e.value for e in (*at.text, *at.markdown, *at.caption)]


def test_contact_points_land_on_the_submit_page_and_never_see_management():
    pages = pages_for("contact")
    assert pages[0][1] == SUBMIT
    assert ADMIN not in [p for _, p, _, _ in pages] and FEEDBACK in [p for _, p, _, _ in pages]
    assert SUBMIT not in [p for _, p, _, _ in pages_for("drafter")]


def test_contact_submits_a_comment_on_an_article_of_the_open_draft(app_as, demo_db_path):
    db = open_db(demo_db_path)
    contact = get_user(db, "contact")
    open_c = next(c for c in list_consultations(db) if c.is_open())
    at = app_as("contact").run()                          # landing page
    assert not at.exception and [t.value for t in at.title] == ["提交意见"]
    assert at.selectbox(key="cs_consultation").value == open_c.id
    assert any("重点征求意见的问题" in t for t in texts(at))
    at.selectbox(key=f"cs_article_{open_c.id}").set_value("art-3").run()
    text = "<b>收费</b> **公示** :red[位置] 应当明确 $x$"
    at.text_area(key=f"cs_text__{open_c.id}").input(text)
    at.number_input(key=f"cs_people__{open_c.id}").set_value(7)
    at.selectbox(key=f"cs_kind__{open_c.id}").set_value("座谈会")
    at.button[[b.label for b in at.button].index("提交意见")].click().run()
    assert not at.exception and not at.error
    assert any("已提交对第三条的意见" in s.value for s in at.success)
    mine = list_comments(db, contact, consultation_id=open_c.id)
    assert [(c.text, c.article_label, c.participants, c.source_kind) for c in mine] == [(text, "第三条", 7, "座谈会")]
    # shown back as plain text, never interpreted as HTML or Markdown
    at.switch_page(FEEDBACK).run()
    assert text in [t.value for t in at.text]
    assert not any("<b>收费</b>" in m.value for m in at.markdown)


def test_contact_sees_own_comments_with_dispositions_only(app_as):
    at = app_as("contact").switch_page(FEEDBACK).run()
    assert not at.exception
    shown = "\n".join(texts(at))
    assert "十五日内办理登记时间太紧" in shown                      # its own comment
    assert "理由：已将办理养犬登记的期限延长至三十日，并增加网上办理的规定。" in shown
    assert "体现于：v2 送审稿 第七条" in shown and "现为第七条第一款" in shown
    assert "携犬乘坐电梯应当一律将犬只装入犬笼" not in shown          # 西山社区's comment
    assert "物业服务企业公示收费标准" not in shown
    assert [m.label for m in at.metric] == ["参与人次", "意见条数", "采纳数（含部分采纳）", "采纳率"]
    assert [m.value for m in at.metric][:2] == ["72", "4"]
    assert any(b.label == "下载反馈函" for b in at.get("download_button"))


def test_staff_statistics_charts_and_downloads(app_as, demo_db_path):
    stats = adoption_stats(open_db(demo_db_path))
    at = app_as("reviewer").switch_page(FEEDBACK).run()
    assert not at.exception
    assert [m.value for m in at.metric] == [str(stats["participants"]), str(stats["comments"]), str(stats["adopted"]),
                                            f"{stats['adoption_rate'] * 100:.1f}%"]
    assert len(at.get("vega_lite_chart")) == 2              # per contact point, per consultation
    dog = next(c for c in list_consultations(open_db(demo_db_path)) if not c.is_open())
    at.selectbox(key="fb_scope").set_value(dog.id).run()
    assert [m.value for m in at.metric][1] == "10"
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["征求意见采纳情况说明", "下载该联系点的反馈函"]


def test_drafter_disposes_the_pending_comment(app_as, demo_db_path):
    db = open_db(demo_db_path)
    drafter = get_user(db, "drafter")
    dog = next(c for c in list_consultations(db) if not c.is_open())
    pending = [c for c in list_comments(db, drafter, consultation_id=dog.id) if not c.decision]
    assert len(pending) == 1
    at = app_as("drafter").switch_page(ADMIN).run()
    assert not at.exception
    at.selectbox(key="ca_dispose_cons").set_value(dog.id).run()
    assert at.multiselect(key=f"ca_chosen_{dog.id}_0").value == [pending[0].id]
    at.radio(key=f"ca_decision__{dog.id}").set_value("采纳").run()
    at.text_area(key=f"ca_reason_{dog.id}").input("将在实施细则中公布重点管理区范围。").run()
    at.button(key="ca_dispose_go").click().run()
    assert not at.exception and not at.error
    done = get_comment(db, drafter, pending[0].id)
    assert (done.decision, done.reason) == ("采纳", "将在实施细则中公布重点管理区范围。")
    # the aligned article of the current version was offered: 第七条 of v1 is 第八条 of v2
    assert done.adopted_article_label == "第八条"


def test_drafter_opens_a_consultation_and_reasons_are_required(app_as, demo_db_path):
    db = open_db(demo_db_path)
    before = len(list_consultations(db))
    at = app_as("drafter").switch_page(ADMIN).run()
    versions = at.selectbox(key="ca_new_version")
    heritage = next(o for o in versions.options if "历史文化街区" in o)
    versions.select(heritage).run()
    vid = at.selectbox(key="ca_new_version").value
    at.date_input(key=f"ca_closes__{vid}").set_value(beijing_today() + timedelta(days=10))
    at.multiselect(key=f"ca_points__{vid}").set_value([list_contact_points(db)[0].id])
    at.text_area(key=f"ca_questions__{vid}").input("保护范围如何划定？\n\n资金如何保障？")
    at.button[[b.label for b in at.button].index("发起征求意见")].click().run()
    assert any("少于地方性法规要求的 30 日" in e.value for e in at.error)
    assert len(list_consultations(db)) == before
    at.date_input(key=f"ca_closes__{vid}").set_value(beijing_today() + timedelta(days=30))
    at.button[[b.label for b in at.button].index("发起征求意见")].click().run()
    assert not at.error
    new = list_consultations(db)[0]
    assert len(list_consultations(db)) == before + 1 and new.key_questions == ["保护范围如何划定？", "资金如何保障？"]


def test_adopted_article_is_preselected_only_when_the_comments_point_at_one(app_as, demo_db_path):
    from workbench.consultation.comments import submit_comment
    db = open_db(demo_db_path)
    drafter = get_user(db, "drafter")
    dog = next(c for c in list_consultations(db) if not c.is_open())
    (pending,) = [c for c in list_comments(db, drafter, consultation_id=dog.id) if not c.decision]
    at = app_as("drafter").switch_page(ADMIN).run()
    at.selectbox(key="ca_dispose_cons").set_value(dog.id).run()
    at.radio(key=f"ca_decision__{dog.id}").set_value("采纳").run()
    versions = [s for s in at.selectbox if s.key and s.key.startswith(f"ca_adopt_ver_{dog.id}")]
    (art,) = [s for s in at.selectbox if s.key and s.key.startswith("ca_adopt_art_")]
    assert art.value == "art-8"                                  # 第七条 of v1 is 第八条 of the current v2
    assert any("已按意见所针对的条文预选第八条" in c.value for c in at.caption) and versions

    # a comment on the draft as a whole: nothing is preselected
    prop = next(c for c in list_consultations(db) if c.is_open())
    whole = submit_comment(db, get_user(db, "contact"), prop.id, text="建议整体压缩篇幅。")
    at.selectbox(key="ca_dispose_cons").set_value(prop.id).run()
    at.multiselect(key=f"ca_chosen_{prop.id}_0").set_value([whole.id]).run()
    at.radio(key=f"ca_decision__{prop.id}").set_value("采纳").run()
    (art,) = [s for s in at.selectbox if s.key and s.key.startswith("ca_adopt_art_")]
    assert art.value == NONE and art.options[0] == "（不指定）"
    assert not any("已按意见所针对的条文预选" in c.value for c in at.caption)
    assert pending.article_label == "第七条"


def test_contact_account_without_a_point_gets_an_explanation(app_as, demo_db_path):
    from workbench.access.users import create_user
    db = open_db(demo_db_path)
    create_user(db, "lonely", "secret123", "contact", display_name="未关联联络员")   # seeding path: no point yet
    for page in (FEEDBACK, SUBMIT):
        at = app_as("lonely").switch_page(page).run()
        assert not at.exception and not at.error
        assert any("尚未关联基层立法联系点" in w.value and "用户管理" in w.value for w in at.warning), page
        assert not any("None" in t for t in texts(at))


def test_staff_feedback_says_where_the_downloads_are(app_as, demo_db_path):
    at = app_as("reviewer").switch_page(FEEDBACK).run()
    assert any("请在上方「范围」中选择一次征求意见后下载" in i.value for i in at.info)
    assert not at.get("download_button")
    dog = next(c for c in list_consultations(open_db(demo_db_path)) if not c.is_open())
    at.selectbox(key="fb_scope").set_value(dog.id).run()
    assert [b.label for b in at.get("download_button")] == ["征求意见采纳情况说明", "下载该联系点的反馈函"]
    assert not any(i.value.startswith("征求意见采纳情况说明和各联系点") for i in at.info)


def test_contact_point_names_are_not_cut_off_in_the_charts(app_as):
    import json
    for page in (FEEDBACK, "app_pages/dashboard.py"):
        at = app_as("reviewer").switch_page(page).run()
        specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
        by_point = [s for s in specs if s.get("encoding", {}).get("y", {}).get("field") == "联系点"]
        assert by_point, page                                   # names on the vertical axis
        assert all(s["encoding"]["y"]["axis"]["labelLimit"] >= 400 for s in by_point)
