"""The domain in pure Python: facts, statuses, question generation, grading.

Nothing in this package imports flask, sqlalchemy or any other part of quizapp, so it can be
tested and reasoned about without an app or a database (tests/core checks the imports).
"""
