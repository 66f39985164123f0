"""What an employee writes reaches colleagues' pages without scripts."""

import re

from django.urls import reverse

from ideas.models import Comment, Idea, Stage
from moderation.services import idea_approve
from tests.factories import IdeaFactory

HOSTILE = (
    "Nice idea **really**.\n\n"
    "<script>document.title='pwned-script'</script>\n\n"
    "<img src=x onerror=\"document.title='pwned-onerror'\">\n\n"
    "<a href=\"https://intranet.example/\" onclick=\"document.title='pwned-onclick'\">intranet</a>\n\n"
    "[click me](javascript:pwned_js())\n\n"
    "[data](data:text/html;base64,cHduZWQtZGF0YQ==)\n\n"
    "<iframe src=\"https://evil.example/pwned-iframe\"></iframe>\n\n"
    "<style>body { background: url(pwned-style) }</style>\n"
)


def assert_clean_page(html):
    main = html[html.index('<main id="main"'):html.index("</main>")]
    assert "pwned" not in main
    assert "<script" not in main and "<iframe" not in main and "<style" not in main
    assert not re.search(r"<[a-z][^<>]*\son[a-z]+=", main)


def test_an_idea_body_is_sanitised_from_the_form_to_the_page(client_for, author, correspondent, colleague, theme):
    client_for(author).post(reverse("ideas:create"), {
        "title": "Hostile idea with markup", "theme": theme.pk, "body": HOSTILE, "submit": "1",
    })
    idea = Idea.objects.get()
    idea_approve(idea=idea, by=correspondent)

    html = client_for(colleague).get(idea.get_absolute_url()).content.decode()

    assert idea.body == HOSTILE.strip()  # what the author wrote is kept for them to edit
    assert "<strong>really</strong>" in html
    assert '<a href="https://intranet.example/" rel="noopener noreferrer nofollow ugc">intranet</a>' in html
    assert_clean_page(html)


def test_a_comment_is_sanitised_from_the_form_to_the_thread(client_for, author, colleague):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)

    client_for(colleague).post(reverse("ideas:comment", args=[idea.pk]), {"body": HOSTILE})

    assert Comment.objects.get().body == HOSTILE.strip()
    html = client_for(author).get(idea.get_absolute_url()).content.decode()
    assert "<strong>really</strong>" in html
    assert_clean_page(html)


def test_a_title_is_shown_as_text_not_markup(client_for, author, colleague):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, title="<b>Bold</b> <script>pwned()</script> title")

    for url in (idea.get_absolute_url(), reverse("ideas:list")):
        html = client_for(colleague).get(url).content.decode()
        assert "&lt;script&gt;pwned()&lt;/script&gt;" in html
        assert "<script>pwned" not in html


def test_an_edit_is_sanitised_too(client_for, author, theme):
    idea = IdeaFactory(author=author, stage=Stage.DRAFT)

    client_for(author).post(reverse("ideas:update", args=[idea.pk]), {
        "title": idea.title, "theme": theme.pk, "body": HOSTILE, "save": "1",
    })

    idea.refresh_from_db()
    assert "pwned" not in idea.body_html and "<strong>really</strong>" in idea.body_html
