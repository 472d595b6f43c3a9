"""When an event took place: dates owned by its trigger, report dates, and dates given relative to other events."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..dates import open_range, resolve_date
from ..model import (
    Precision,
    TimeSpan,
)
from . import lexicon as lx
from .cargo import number_of
from .draft import Draft
from .syntax import entities, entity_at, governors, in_lead, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def event_date(
    draft: Draft, sent: Span, anchor: dt.date, future: bool, aside: bool, all_owners: set[int]
) -> tuple[TimeSpan | None, tuple[Token, int, str] | None]:
    token, carrier = draft.trigger, draft.carrier
    relative = _relative_anchor(carrier)
    owners = {token.i, carrier.i}
    others = all_owners - owners
    best: tuple[int, TimeSpan] | None = None
    fallback: TimeSpan | None = None
    for ent in entities(sent):
        if ent.label_ != "DATE" or _is_duration(ent) or in_lead(ent.root):
            continue
        owner, distance, prep = _date_owner(ent, owners)
        if not owner and others and _date_owner(ent, others)[0]:
            continue  # this date belongs to another event of the sentence
        span = resolve_date(ent.text, anchor, future=future)
        if span is None:
            continue
        if prep:
            span = open_range(span, prep, anchor)
        if owner and (best is None or distance < best[0]):
            best = (distance, span)
        elif not owner and fallback is None and _free_date(ent, draft):
            fallback = span
    if best is not None:
        return best[1], relative
    if relative is not None:
        return None, relative
    if aside and fallback is not None:
        return fallback, None
    if fallback is not None and not _attached_to_claim(sent, fallback):
        return fallback, None
    recently = any(c.lower_ == "recently" for c in carrier.children)
    if recently:
        report = _report_date(carrier, anchor)
        end = report.end if report else anchor
        return TimeSpan(end - dt.timedelta(days=30), end, Precision.MONTH, "recently"), None
    return None, None


def _is_duration(ent: Span) -> bool:
    text = ent.text.lower()
    return (
        bool(re.search(r"\b\w+[\s-]day\b|\bhours?\b|\bminutes?\b", text))
        and not re.search(r"\b(ago|last|next|this)\b", text)
    ) or bool(re.fullmatch(r"(?:a|one|two|three|four|five|six|several|\d+)\s+(?:days?|weeks?|months?|years?)", text))


def _date_owner(ent: Span, owners: set[int]) -> tuple[bool, int, str | None]:
    """Whether a DATE entity attaches to the event, how far up, and under which preposition."""
    token = ent.root
    prep: str | None = None
    for distance in range(6):
        head = token.head
        if token.dep_ == "pobj" and head.dep_ == "prep":
            prep = head.lower_
        if head.i in owners or token.i in owners:
            return True, distance, prep if prep in {"since", "until", "till", "through"} else None
        if head.i == token.i:
            break
        if token.dep_ in {"ccomp", "advcl", "relcl"} and token.i not in owners:
            break
        token = head
    return False, 99, None


def _free_date(ent: Span, draft: Draft) -> bool:
    """A DATE that does not belong to a reporting verb ("said on Tuesday")."""
    token = ent.root
    for _ in range(4):
        token = token.head
        if token.lower_ in lx.CLAIM_VERBS:
            return False
        if token.dep_ == "ROOT":
            break
    return True


def _attached_to_claim(sent: Span, span: TimeSpan) -> bool:
    return False


def _report_date(carrier: Token, anchor: dt.date) -> TimeSpan | None:
    for head in governors(carrier)[:2]:
        if head.lower_ in lx.CLAIM_VERBS:
            for child in head.children:
                if child.ent_type_ == "DATE":
                    ent = entity_at(child)
                    if ent is not None:
                        return resolve_date(ent.text, anchor)
    return None


_RELATIVE = re.compile(
    r"^(?:about |some |nearly |almost |just )?(?P<n>a|an|one|two|three|four|five|six|several|\d+)"
    r"\s+(?P<unit>day|days|week|weeks|month|months|year|years)$"
)


def _relative_anchor(carrier: Token) -> tuple[Token, int, str] | None:
    """ "X comes a month after Y made a trip": Y's date is X's date minus a month."""
    mark = next((c for c in carrier.children if c.dep_ == "mark" and c.lower_ in {"after", "before"}), None)
    head = carrier.head
    if mark is None:
        if carrier.dep_ == "pcomp" and head.lower_ in {"after", "before"}:
            mark, head = head, head.head
        else:
            return None
    for child in [*carrier.children, *head.children]:
        if child.dep_ in {"npadvmod", "advmod", "obl"}:
            ent = entity_at(child)
            text = (ent.text if ent is not None else child.text).lower()
            match = _RELATIVE.match(text)
            if match:
                amount = number_of(match["n"]) or 1
                unit = match["unit"].rstrip("s")
                sign = -1 if mark.lower_ == "after" else 1
                anchor_token = subject_of(head) or head
                return anchor_token, sign * amount, unit
    return None
