"""Before/after evaluation: questionnaires answered under a pseudonym, results shown only as aggregates."""
