MESSAGES = {
    # errors (domain error keys)
    "error.generic": "Something went wrong with that request.",
    "error.not_found": "No {what} called '{name}' in the course. Try autocomplete or /topics.",
    "error.quiz_not_found": "That quiz no longer exists. Start a new one with /quiz.",
    "error.not_your_quiz": "This quiz belongs to someone else. Start your own with /quiz.",
    "error.already_answered": "You have already answered this question.",
    "error.question_closed": "Time is up for this question.",
    "error.quiz_finished": "This quiz is over. Start a new one with /quiz.",
    "error.item_removed": "This question was removed from the course since the quiz began. Press Next to go on.",
    "error.not_current_question": "That is not the current question of this quiz.",
    "error.bad_answer": "That answer could not be read. {hint}",
    "error.nothing_to_quiz": "There are no questions matching that choice. Try another topic or difficulty.",
    "error.not_moderator": "Only moderators (Manage Server, or the moderator role) can do that.",
    "error.cooldown": "Easy there: try again in {seconds} s.",
    "error.content_rejected": "The course was not changed:\n{report}",
    "error.bad_option": "'{option}' must be one of: {hint}.",
    "error.unexpected": "Sorry, something went wrong on our side (reference {ref}). It has been logged.",
    "hint.choice": "Pick one of the letters shown.",
    "hint.true_false": "Answer true or false.",
    "hint.ordering": "Give every item once, in your order, e.g. 'B A C'.",
    "hint.open": "Type a short answer.",
    # quiz
    "quiz.question": "Question {number} of {total}",
    "quiz.true": "True",
    "quiz.false": "False",
    "quiz.who_said": "Who said this?",
    "quiz.right": "Right!",
    "quiz.wrong": "Not quite.",
    "quiz.answer_was": "Answer: {answer}",
    "quiz.you_said": "You answered: {answer}",
    "quiz.forgiven": "Accepted as '{accepted}' (spelling forgiven).",
    "quiz.sources": "Sources: {sources}",
    "quiz.summary": "Quiz finished: {correct} of {total} right ({percent}%).",
    "quiz.missed": "To review: {items}",
    "quiz.order_prompt": "Type the letters in the right order, e.g. 'B A C'.",
    "quiz.open_prompt": "Type your answer.",
    "quiz.tf_prompt": "Type true or false (t/f).",
    "quiz.choice_prompt": "Type a letter.",
    # progress
    "progress.title": "Progress",
    "progress.line": "{answered} answers, {accuracy}% right, streak {streak} day(s), {due} review(s) due.",
    "progress.topic": "{title}: {mastered}/{items} mastered{read}",
    "progress.read": " (read)",
    "topics.title": "Course map",
    "quote.translation": "(our translation)",
    # console
    "console.welcome": "{title}\nConsole mode: you are a local learner. Type 'help' for commands, 'quit' to leave.",
    "console.help": (
        "Commands:\n"
        "  topics                 the course map\n"
        "  learn TOPIC            read a topic\n"
        "  quote [TOPIC]          a quote\n"
        "  quiz [TOPIC] [LENGTH]  a quiz (default 5 questions)\n"
        "  review                 due reviews, then your weakest topic\n"
        "  progress               your progress\n"
        "  quit                   leave"
    ),
    "console.unknown": "Unknown command '{command}'. Type 'help' for the list.",
    "console.bye": "Goodbye. Your progress is saved.",
    "console.usage_learn": "Usage: learn TOPIC (see 'topics' for ids)",
    "console.bad_length": "The length must be a number from 1 to 20.",
}
