"""The starter competency framework Upward ships (our own wording, CC0).

Every competency is rated on one behaviour-anchored 1-5 scale: aware, tried, uses with help,
uses alone, can teach others. Each competency names the practice the anchors describe, so the
levels read as things a person does, not adjectives. Organisations edit all of it after loading.
"""

from dataclasses import dataclass

SCALE = (
    (1, "Aware", "Can explain what {practice} involves and where it could help the team."),
    (2, "Tried", "Has tried {practice} on a real piece of work, with someone guiding them."),
    (
        3,
        "Uses with help",
        "Does {practice} as part of their work, and asks for help beyond the basics.",
    ),
    (
        4,
        "Uses alone",
        "Does {practice} without help and judges when it is worth doing and when it is not.",
    ),
    (5, "Can teach others", "Teaches {practice} to colleagues and shapes how the team does it."),
)


@dataclass(frozen=True)
class CompetencySpec:
    name: str
    category: str  # "core" or "emerging"
    area: str
    practice: str
    description: str

    def anchors(self) -> list[tuple[int, str]]:
        return [(level, text.format(practice=self.practice)) for level, _, text in SCALE]


STARTER_FRAMEWORK: tuple[CompetencySpec, ...] = (
    CompetencySpec(
        "Generative AI assistants",
        "emerging",
        "AI and data",
        "drafting, summarising and checking work with an AI assistant",
        "Getting real work done faster with AI tools, and knowing their limits.",
    ),
    CompetencySpec(
        "Prompt design",
        "emerging",
        "AI and data",
        "writing prompts that give reliable, reusable results",
        "Turning a vague request into instructions a model follows well.",
    ),
    CompetencySpec(
        "AI risk judgement",
        "emerging",
        "AI and data",
        "spotting privacy, bias and accuracy risks in AI output",
        "Using AI without leaking data or trusting a confident wrong answer.",
    ),
    CompetencySpec(
        "Self-serve analytics",
        "emerging",
        "AI and data",
        "answering a business question from a dashboard or dataset yourself",
        "Pulling the numbers without waiting for an analyst.",
    ),
    CompetencySpec(
        "Short-form video",
        "emerging",
        "Social and content",
        "planning, filming and editing short vertical video",
        "Formats that younger audiences watch to the end.",
    ),
    CompetencySpec(
        "Social platforms",
        "emerging",
        "Social and content",
        "posting and engaging on the platforms customers use",
        "How each platform's culture and algorithm rewards content.",
    ),
    CompetencySpec(
        "Personal brand online",
        "emerging",
        "Social and content",
        "building a professional presence that people follow",
        "Leaders who are visible and credible online.",
    ),
    CompetencySpec(
        "Community and creators",
        "emerging",
        "Social and content",
        "working with online communities and creators",
        "Reaching people through voices they already trust.",
    ),
    CompetencySpec(
        "Gen Z customer insight",
        "emerging",
        "Customers and markets",
        "reading how younger customers discover, choose and leave brands",
        "What the next generation of customers expects, in their words.",
    ),
    CompetencySpec(
        "Digital customer journeys",
        "emerging",
        "Customers and markets",
        "mapping and testing a customer's path across apps and channels",
        "Where online journeys lose people, and how to find out.",
    ),
    CompetencySpec(
        "Rapid experimentation",
        "emerging",
        "Customers and markets",
        "running small A/B tests and acting on the results",
        "Learning from cheap tests instead of long debates.",
    ),
    CompetencySpec(
        "Collaboration tools",
        "emerging",
        "Ways of working",
        "running work in shared docs, chat and async tools",
        "Fewer meetings, clearer threads, work that others can pick up.",
    ),
    CompetencySpec(
        "Automation and no-code",
        "emerging",
        "Ways of working",
        "automating a repetitive task with no-code or low-code tools",
        "Taking the busywork out of a workflow without waiting for IT.",
    ),
    CompetencySpec(
        "Inclusive leadership",
        "core",
        "Leading people",
        "making sure every voice in a room is heard and acted on",
        "Leading so that people who differ from you can contribute fully.",
    ),
    CompetencySpec(
        "Psychological safety",
        "core",
        "Leading people",
        "building a team where people can raise problems without fear",
        "Making it normal to say 'I don't know' or 'I think we're wrong'.",
    ),
    CompetencySpec(
        "Feedback and coaching",
        "core",
        "Leading people",
        "giving and asking for specific, timely feedback",
        "Feedback in both directions, including upward.",
    ),
    CompetencySpec(
        "Hybrid team leadership",
        "core",
        "Leading people",
        "leading a team spread across places and time zones",
        "Fairness and connection when the team is rarely in one room.",
    ),
    CompetencySpec(
        "Strategic context",
        "core",
        "Business",
        "connecting day-to-day work to the organisation's strategy",
        "Why decisions get made, seen from the top.",
    ),
    CompetencySpec(
        "Stakeholder influence",
        "core",
        "Business",
        "winning support for an idea across teams and levels",
        "Getting things done through people you don't manage.",
    ),
    CompetencySpec(
        "Career navigation",
        "core",
        "Business",
        "planning a next career step and building the case for it",
        "How careers here actually move, and how to steer one.",
    ),
)
