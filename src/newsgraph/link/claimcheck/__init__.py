"""Checking a claim against analysed articles: relatedness, stance (agree / disagree / discuss) and evidence."""

from newsgraph.link.claimcheck.check import (
    ARTICLE_VERDICT, Evidence, Finding, check_claim, check_claim_in, prepare_all, judge,
)

__all__ = ["ARTICLE_VERDICT", "Evidence", "Finding", "check_claim", "check_claim_in",
           "prepare_all", "judge"]
