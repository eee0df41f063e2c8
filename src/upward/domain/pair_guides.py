"""Texts a pair works with: ground rules, agenda templates and conversation prompts.
All written for Upward (CC0); programs may edit their own copies later."""

GROUND_RULES_VERSION = "2026-11"
GROUND_RULES = (
    (
        "What we say stays with us",
        "Anything either of us shares in our sessions stays between us unless we both agree to "
        "pass it on. Private notes are visible to the two of us only.",
    ),
    (
        "Rank stays at the door",
        "In this pair the junior colleague leads on their subject. Either of us can disagree, and "
        "saying 'I don't know' is welcome on both sides.",
    ),
    (
        "Feedback is specific and kind",
        "We describe what we saw and what it changed, ask before giving advice, and say thank you "
        "for feedback even when it stings.",
    ),
    (
        "Cancelling",
        "We cancel at least a day ahead when we can, rebook within a week, and never let two "
        "sessions in a row slip.",
    ),
    (
        "What goes to the program lead",
        "Whether we met, how far the goal has moved, and survey answers in groups of five or more. "
        "Never our notes, and never what one of us said about the other.",
    ),
    (
        "If something is wrong",
        "Either of us can raise a concern with the program lead privately, at any time. The lead "
        "checks in with every pair, so a check-in tells nobody that someone spoke up.",
    ),
)

AGENDAS = {
    "first": (
        "First meeting",
        (
            "Introductions: what each of us does, and what we're curious about (10 min)",
            "What each of us wants from this pair (10 min)",
            "A first taste: the mentor shows one tool or habit they use every day (15 min)",
            "Agree the goal, how often we meet, and the ground rules (10 min)",
            "Book the next session and one small thing to try before it (5 min)",
        ),
    ),
    "regular": (
        "Regular session",
        (
            "What happened since last time: what the mentee tried, what got in the way (10 min)",
            "Teach and do: one skill, hands on (25 min)",
            "What the mentor noticed, and one question from each side (15 min)",
            "Next step and progress on the goal (10 min)",
        ),
    ),
    "milestone": (
        "Six-week milestone check",
        (
            "Where the goal stands against the plan (10 min)",
            "The one or two things slowing us down (10 min)",
            "Two wins or insights worth sharing (10 min)",
            "The plan for the next six weeks (15 min)",
        ),
    ),
    "closing": (
        "Closing session",
        (
            "The goal: where we started, where we are (10 min)",
            "What each of us learned, and what surprised us (15 min)",
            "What happens next: graduate, continue or change partners (10 min)",
            "Anything worth passing on to others, with both our consent (10 min)",
        ),
    ),
}

PROMPTS = {
    "Customer trends": (
        "Show me a product or brand you'd bet on for the next year. Why that one?",
        "Walk me through the last thing you bought online, from first hearing of it to paying.",
        "What do people your age expect from us that we don't yet do?",
    ),
    "Tool demos": (
        "Give me a two-minute tour of a tool you couldn't work without.",
        "Take one task I do every week and show me how you'd do it faster.",
        "What's one AI prompt you reuse, and what does it save you?",
    ),
    "Leadership briefings": (
        "How would you brief a campaign for people who never watch adverts?",
        "Which of our messages would you rewrite, and how?",
        "If you ran my team for a week, what would you change first?",
    ),
    "Inclusion": (
        "When did you last feel your idea was heard here? What made the difference?",
        "What's one habit of senior people that quietly shuts others out?",
        "Teach me a phrase that makes you feel seen at work.",
    ),
}
