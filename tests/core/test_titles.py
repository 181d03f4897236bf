"""A question's short title: first words without Markdown, a fact's telling, an author's own."""

from quizapp.core.titles import TITLE_MAX, clean_title, fact_title, first_words


def test_first_words_keep_eight_words_without_markdown_and_say_when_cut():
    assert first_words("**Which** of these [drugs](https://x.org/a) is `approved`?") == (
        "Which of these drugs is approved?"
    )
    assert first_words("Put these events in the order they happened, earliest first.") == (
        "Put these events in the order they happened…"
    )
    assert first_words("one two three four five six seven eight, nine") == (
        "one two three four five six seven eight…"
    )


def test_a_title_is_never_longer_than_a_line_of_the_list():
    assert len(first_words("x" * 500)) <= TITLE_MAX
    assert len(clean_title("y" * 500, "prompt")) == TITLE_MAX


def test_a_fact_title_names_the_first_fact_and_counts_the_others():
    assert fact_title(["NMPA approves amimestrocel"]) == "NMPA approves amimestrocel"
    assert fact_title(["A", "B", "C"]) == "A (and 2 more)"
    assert fact_title([]) == ""


def test_an_empty_title_falls_back_to_the_prompts_first_words():
    assert clean_title("  My\n title ", "Ignored") == "My title"
    assert clean_title("", "Which regulator approved it?") == "Which regulator approved it?"
    assert clean_title(None, "Which regulator approved it?") == "Which regulator approved it?"
