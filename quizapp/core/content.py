"""Read the content folder (questions/): the article, the fact base and the claims."""

from pathlib import Path

import yaml

from quizapp.core.article import parse_article
from quizapp.core.facts import FactBase, FactBaseError, build_fact_base

ARTICLE_FILE = "article.txt"
FACTS_FILE = "facts.yaml"
CLAIMS_FILE = "claims.yaml"


def read_fact_base(folder: Path) -> FactBase:
    """Load and validate the fact base in folder; raise FactBaseError naming every problem."""
    article = parse_article((folder / ARTICLE_FILE).read_text(encoding="utf-8"))
    docs = []
    for name in (FACTS_FILE, CLAIMS_FILE):
        try:
            doc = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise FactBaseError([f"{name}: not valid YAML: {exc}"]) from exc
        if not isinstance(doc, dict):
            raise FactBaseError([f"{name}: expected a mapping at the top level"])
        docs.append(doc)
    return build_fact_base(article, docs[0], docs[1])
