"""The study pages: the article with its claims marked, and the timeline."""

import re


def test_the_article_page_shows_the_article_verbatim_with_claims_marked(client):
    html = client.get("/article").get_data(as_text=True)
    assert "<h1>Has stem cell therapy been approved in China?</h1>" in html
    assert html.count('<mark class="claim">') >= 25
    assert 'id="claim-C20"' in html and 'href="#claim-C20"' in html
    card = html[html.index('id="claim-C20"') :]
    card = card[: card.index("</li>")]
    assert "Outdated" in card and "Update since the article" in card
    assert "Approved drug (conditional)" in card and "<summary>Sources" in card


def test_every_claim_of_the_article_has_a_card(client):
    html = client.get("/article").get_data(as_text=True)
    ids = set(re.findall(r'id="claim-(C\d\d)"', html))
    assert ids == {f"C{n:02d}" for n in range(1, 44)}
    assert "Not used in quizzes: " in html


def test_the_timeline_lists_events_in_date_order_with_their_status(client):
    html = client.get("/timeline").get_data(as_text=True)
    years = [int(y) for y in re.findall(r"<time>(?:\d{1,2} \w+ )?(\d{4})</time>", html)]
    assert len(years) >= 15 and years == sorted(years)
    milestone = html[html.index("timeline-item--milestone") :]
    assert "China’s first approved stem cell drug" in milestone[:1500]
    assert "2 January 2025" in milestone[:600]
    for words in ("Approved drug", "Rule", "Withdrawn"):
        assert words in html
