"""What a unit owes (材料): a document, a meeting, a test or a vote, as a plan declares it.

An :class:`Artifact` carries its deadline, its reviewers and the settings of its kind (a test's
pass mark, a vote's options, a ledger's items); a plan's phases and campaign-long duties list
them. Kept apart from :mod:`campaignflow.plan` (phases, milestones, the plan as a whole), which
re-exports these names: ``from campaignflow.plan import Artifact`` works as before.
"""

from typing import Annotated, Literal

from pydantic import Field

from campaignflow.fields import DeadlineField, Ident, Model, Prose, Share, Text, new_dict, new_list
from campaignflow.recurrence import Recurrence

__all__ = ["Artifact", "ArtifactKind", "VoteSpec"]

ArtifactKind = Literal["document", "meeting", "test", "vote"]


class VoteSpec(Model):
    """How a 评议 vote is taken: its options and the minimum share of each respondent group."""

    options: list[Text] = Field(
        default_factory=new_list, description="empty: the document does not list them"
    )
    min_share: dict[str, Share] = Field(
        default_factory=new_dict, description="group → minimum share of respondents"
    )


class Artifact(Model):
    """Something a unit must produce or hold: a document, a meeting, a test, or a vote."""

    id: Ident
    name: Text
    kind: ArtifactKind = "document"
    owed_by: list[Text] = Field(
        default_factory=new_list, description="unit kinds that owe it; empty: every kind"
    )
    deadline: DeadlineField | None = Field(None, description="omitted: the end of its phase")
    reviewer: Text | Annotated[list[Text], Field(min_length=1)] | None = Field(
        None,
        description="a declared role that must approve it (审核把关), or an ordered chain of them "
        "(初审、审核): it is in when the last approves, and a rejection at any level sends it back",
    )
    submit_to: Text | None = Field(
        None, description="a declared role it is sent to, without sign-off (报送、备案)"
    )
    recurring: Recurrence | None = None
    required: bool = Field(True, description="whether it must be in (and approved) before the unit advances")
    pass_mark: Annotated[float, Field(ge=0)] | None = Field(None, description="tests only")
    vote: VoteSpec | None = Field(None, description="votes only")
    grades: list[Text] = Field(default_factory=new_list, description="the levels a result may be graded into")
    items: bool = Field(
        False,
        description="documents only: a 台账 whose items are added and closed (销号) one by one; "
        "it counts as in once handed in with no item open",
    )
    publish: list[Text] = Field(
        default_factory=new_list,
        description="where or to whom it is made public (公示、公开): 局机关网站、全体干部职工",
    )
    held_by: Text | None = Field(
        None,
        description="meetings, tests and votes: who chairs, organises or conducts it (主持、组织、考核)",
    )
    attended_by: list[Text] = Field(
        default_factory=new_list,
        description="meetings and votes: who attends or is invited besides the unit (参加、列席)",
    )
    basis: Prose = Field("", description="the sentence of the document this transcribes")

    @property
    def reviewers(self) -> tuple[str, ...]:
        """The roles that sign it off, in order (one, several, or none)."""
        if self.reviewer is None:
            return ()
        return (self.reviewer,) if isinstance(self.reviewer, str) else tuple(self.reviewer)
