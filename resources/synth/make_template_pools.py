#!/usr/bin/env python3
"""Writes template_pools.json, the workbench's own template pools for instruction-augmented corpora
(see core/include/ipt/synth/templates.h for how each pool is used). Patterns are composed from the
phrasings below, so the pools are large and varied while every string stays readable here. Standard
library only; the output is deterministic. Users may replace the file (ipt synth corpus --templates)."""
import json
import os

# (inputs_prefix, targets_prefix, x_y_delimiter, example_separator)
PREFIXES = [
    ("Question: ", "Answer: ", "\n", "\n\n"), ("Q: ", "A: ", "\n", "\n\n"), ("Query: ", "Reply: ", "\n", "\n\n"),
    ("Problem: ", "Solution: ", "\n", "\n\n\n"), ("", "Answer: ", "\n", "\n\n"), ("", "", "\n", "\n\n"),
    ("Input: ", "Output: ", "\n", "\n\n"), ("Request: ", "Response: ", "\n\n", "\n\n\n"), ("Q. ", "A. ", " ", "\n"),
    ("Quiz: ", "Key: ", "\n", "\n\n"), ("Exercise: ", "Answer key: ", "\n", "\n\n"), ("Ask: ", "Said: ", " ", "\n\n"),
    ("Student asks: ", "Tutor replies: ", "\n", "\n\n"), ("Task: ", "Result: ", "\n\n", "\n\n"),
    ("Prompt: ", "Completion: ", "\n", "\n\n\n"), ("# Question\n", "# Answer\n", "\n", "\n\n"),
]
QUESTIONS = [
    "{question}", "Answer this question about the text: {question}", "{question} Keep the answer short.",
    "Please respond to the following: {question}", "Based on the passage, {question}",
]
OPTION_INPUTS = [
    "{question}\n{options_}", "{question} {options_}", "{question}\n\n{options_}",
    "Choose the best option. {question}\n{options_}", "{question}\nWhich of these is right?\n{options_}",
]
OPTION_TARGETS = ["{option_answer}", "The answer is {option_answer}.", "Correct option: {option_answer}"]
COT_TARGETS = [
    "{cot}. So the answer is {answer}", "{cot}. Therefore the answer is {answer}.",
    "Reasoning: {cot}.\nFinal answer: {answer}", "Let us reason it out: {cot}. The answer: {answer}",
    "{cot}. Hence, {answer}.", "Step by step, {cot}. Result: {answer}", "{cot}.\nAnswer: {answer}",
    "Thinking it through: {cot}. That gives {answer}.", "{cot}. This means the answer is {answer}.",
    "Explanation: {cot}. Answer: {answer}", "{cot}. The conclusion is {answer}.",
    "{cot}; so, {answer}.", "First, {cot}. So: {answer}",
]
COT_QUESTIONS = ["{question}", "{question} Explain your reasoning.", "Think it through: {question}"]
OPTION_COT_TARGETS = [
    "{cot}. So the answer is {option_answer}", "{cot}. The right option is {option_answer}.",
    "Reasoning: {cot}.\nAnswer: {option_answer}", "{cot}. Hence {option_answer}.",
    "Let us think: {cot}. Option {option_answer}.", "{cot}. That points to {option_answer}.",
    "Step by step: {cot}. Final choice: {option_answer}", "{cot}.\nSo: {option_answer}",
    "Explanation: {cot}. Pick: {option_answer}", "{cot}. This leaves {option_answer}.",
    "{cot}, so the choice is {option_answer}.", "Considering that {cot}, the answer is {option_answer}.",
    "Working it out: {cot}. Answer: {option_answer}", "{cot}. Therefore: {option_answer}",
    "{cot}. The best answer: {option_answer}",
]
OPTION_COT_INPUTS = ["{question}\n{options_}", "{question} {options_}", "{question}\nThink, then choose.\n{options_}"]


def pattern(inputs, targets, prefix):
    ip, tp, delim, sep = prefix
    return {"inputs": inputs, "targets": targets, "inputs_prefix": ip, "targets_prefix": tp,
            "x_y_delimiter": delim, "example_separator": sep}


def main():
    pools = {}
    pools["qa"] = [pattern(q, "{answer}", p) for p in PREFIXES for q in QUESTIONS]
    options = [pattern(i, t, p) for p in PREFIXES[:6] for i in OPTION_INPUTS[:3] for t in OPTION_TARGETS]
    options += [pattern(i, "{option_answer}", p) for p in PREFIXES[6:] for i in OPTION_INPUTS[3:]]
    # As released: the option patterns also come without their options (the question alone).
    plain = [pattern(q, "{answer}", p) for p in PREFIXES[::2] for q in QUESTIONS[:2]]
    pools["qa_options"] = options + plain
    pools["qa_cot"] = [pattern(q, t, p) for p in PREFIXES[:15] for q in COT_QUESTIONS[:1] for t in COT_TARGETS] + \
        [pattern(q, t, p) for p in PREFIXES[::3] for q in COT_QUESTIONS[1:] for t in COT_TARGETS[:4]]
    pools["qa_options_cot"] = [pattern(i, t, p) for p in PREFIXES for i in OPTION_COT_INPUTS[:1]
                               for t in OPTION_COT_TARGETS] + \
        [pattern(i, t, p) for p in PREFIXES[::2] for i in OPTION_COT_INPUTS[1:] for t in OPTION_COT_TARGETS[:7]]
    pools["numbered_questions"] = [
        pattern(i, "{numbered_answers}", p) for i, p in [
            ("{context}\n{numbered_questions}", ("", "Answers:", "\n", "\n\n")),
            ("{context}\n\nAnswer each question:{numbered_questions}", ("", "", "\n\n", "\n\n")),
            ("Read the text and answer the questions below.\n{context}\nQuestions:{numbered_questions}",
             ("", "Answers:", "\n", "\n\n")),
            ("{context}\nQuestions about the text:{numbered_questions}", ("", "Answer key:", "\n", "\n\n\n")),
            ("Passage: {context}\n{numbered_questions}", ("", "Solutions:", "\n\n", "\n\n")),
            ("{context}\n\nWork through these:{numbered_questions}", ("", "Worked answers:", "\n", "\n\n")),
            ("Text:\n{context}\nQuiz:{numbered_questions}", ("", "Quiz answers:", "\n", "\n\n")),
            ("{context}\n\n{numbered_questions}", ("", "", "\n\n", "\n\n")),
            ("Here is an article.\n{context}\nNow the questions:{numbered_questions}", ("", "Answers:", "\n\n", "\n\n")),
            ("{context}\nTest yourself:{numbered_questions}", ("", "Check:", "\n", "\n\n")),
            ("Material: {context}\nExercises:{numbered_questions}", ("", "Exercise answers:", "\n", "\n\n")),
            ("{context}\nAnswer briefly:{numbered_questions}", ("", "Brief answers:", "\n", "\n\n")),
        ]]
    pools["next_turn_dialog"] = [
        pattern(i, "{answer}", ("", "", d, s)) for i, d, s in [
            ("Continue the conversation about the text.{dialog_}", "\n", "\n\n"),
            ("Here is a conversation so far:{dialog_}\nWhat comes next?", "\n\n", "\n\n"),
            ("Dialog:{dialog_}\nNext turn:", "\n", "\n\n\n"),
            ("{dialog_}\nWrite the next exchange.", "\n", "\n\n"),
            ("Read the exchange and add one more turn.{dialog_}", "\n\n", "\n\n"),
            ("A talk about the passage:{dialog_}\nThen:", "\n", "\n\n"),
            ("Transcript:{dialog_}\nContinue:", "\n", "\n\n"),
            ("The chat so far:{dialog_}", "\n", "\n\n"),
            ("Predict the next turn of this dialog.{dialog_}", "\n\n", "\n\n\n"),
            ("{dialog_}\nWhat would they say next?", "\n", "\n\n"),
            ("Conversation:{dialog_}\nFollow-up:", "\n", "\n\n"),
            ("Keep the dialog going.{dialog_}", "\n", "\n\n"),
            ("Two people discuss the text.{dialog_}\nNext:", "\n\n", "\n\n"),
            ("{dialog_}\nAnother question and its answer:", "\n", "\n\n"),
            ("Interview so far:{dialog_}\nContinue it.", "\n", "\n\n\n"),
        ]]
    inline = [
        ("Context:\n{context}\n\nExamples first, then a new question.\n", "Example: {ex_input}", "\nAnswer: {ex_output}",
         "Now: {input}", "\nAnswer: {output}", "\n\n"),
        ("{context}\n\nWorked examples:\n", "Q: {ex_input}", "\nA: {ex_output}", "Your turn. Q: {input}", "\nA: {output}", "\n\n"),
        ("Background: {context}\n", "Sample question: {ex_input}", "\nSample answer: {ex_output}",
         "Question: {input}", "\nAnswer: {output}", "\n"),
        ("{context}\nLearn from these examples.\n", "{ex_input}", "\n=> {ex_output}", "Try this: {input}", "\n=> {output}", "\n\n"),
        ("Read:\n{context}\n\n", "Practice: {ex_input}", "\nSolution: {ex_output}", "Test: {input}", "\nSolution: {output}", "\n\n"),
        ("{context}\n\nSolved examples follow.\n", "Problem: {ex_input}", "\nSolved: {ex_output}",
         "Unsolved problem: {input}", "\nSolved: {output}", "\n"),
        ("Passage: {context}\nSee how these are answered:\n", "In: {ex_input}", "\nOut: {ex_output}", "In: {input}", "\nOut: {output}", "\n\n"),
        ("{context}\n", "Example question: {ex_input}", "\nExample answer: {ex_output}", "New question: {input}",
         "\nAnswer: {output}", "\n\n"),
        ("Study the text, then the examples.\n{context}\n\n", "* {ex_input}", "\n  {ex_output}", "* {input}", "\n  {output}", "\n"),
        ("Part 1 - text\n{context}\nPart 2 - examples\n", "{ex_input}", "\nAnswer: {ex_output}", "Part 3 - exercise\n{input}",
         "\nAnswer: {output}", "\n"),
    ]
    pools["inline_explained"] = [
        {"context": c, "ex_input": i, "ex_output": o + "\nWhy: {ex_explanation}", "testing_input": ti,
         "testing_output": to, "example_separator": s} for c, i, o, ti, to, s in inline]
    pools["inline_plain"] = [
        {"context": c, "ex_input": i, "ex_output": o, "testing_input": ti, "testing_output": to, "example_separator": s}
        for c, i, o, ti, to, s in inline]
    read = ["Read the text below and answer the questions after it.\n{context}", "Text: {context}",
            "Passage:\n{context}", "Here is a passage; questions follow.\n{context}", "Article: {context}",
            "Study this text:\n{context}", "Material for the questions:\n{context}", "Consider the following.\n{context}",
            "Reading:\n{context}", "Source text: {context}", "Document:\n{context}", "The text reads:\n{context}",
            "Background reading:\n{context}", "Read carefully:\n{context}", "An excerpt:\n{context}",
            "Context: {context}", "Look at this text first.\n{context}", "Extract:\n{context}",
            "Notes to read:\n{context}", "Review the passage.\n{context}", "Report:\n{context}",
            "Text for comprehension:\n{context}", "Please read:\n{context}", "The following is a text.\n{context}",
            "Reading task:\n{context}"]
    pools["read_starts"] = ["{context}"] * len(read) + read
    pools["read_ends"] = [" ", "\n", "\n\n"]
    compre = ["Answer the questions about the text above.", "Questions on the passage:", "Now some questions.",
              "Answer these questions using the text.", "Check your reading with these questions:",
              "What are the answers to the following?", "Questions and answers about the text:",
              "Answer based on the passage above:", "Use the text to answer:", "Test your understanding:",
              "Comprehension questions:", "Respond to these questions about the article.",
              "Here are questions about what you read:", "Quiz on the text:", "Answer from the passage:",
              "Some questions follow.", "Think about the text and answer:", "Questions for discussion:",
              "Try these questions:", "Show what you understood:", "Work through these questions.",
              "Answer in a few words:", "Reading check:", "Questions based on the article:",
              "Let us look at some questions about it.", "Answer each of the following:",
              "Review questions:", "Questions about the details:", "Now answer:", "Exercises on the passage:",
              "Write answers to these questions:", "What does the text say?", "Answer, using evidence from the text:",
              "Follow-up questions:", "A few questions on this:", "Self-check:", "Practice questions:",
              "Questions to answer:", "Answer the following about the passage.", "Ponder these questions:",
              "Questions that test the reading:", "Now, the questions:", "Answer these based on what you read.",
              "Comprehension check:", "Check the facts:", "Answer the questions below.",
              "Questions to think about:", "Let us test the reading.", "Short questions on the text:",
              "What can we learn from the text?", "Reading comprehension:", "Discuss these questions:",
              "Answer using the passage only:", "Some things to answer:", "Questions and their answers:",
              "A quiz about the reading:", "Gather the answers from the text:", "Answer as the text says:",
              "Questions from the article:", "Further questions:", "Respond briefly:", "Questions:",
              "Answer these:", "Check yourself:", "Lesson questions:", "Comprehension exercise:",
              "What do you know now?", "Apply the text to these questions:", "Questions on key points:",
              "Recall questions:", "Answer about the content:", "Questions about it:", "Now respond:",
              "Exercise:", "Text questions:", "Answer the quiz:", "About the text:", "Key questions:",
              "Questions to consider:", "Read and answer:", "Answer the reading questions:", "Final questions:",
              "Questions:\n", "Answer the following.\n", "Quiz time:"]
    pools["compre_starts"] = compre + [""] * len(compre)
    pools["qa_starts"] = ["{QA_demos}", "Write a passage that answers these questions:\n{QA_demos}",
                          "Questions and answers first; the text follows.\n\n{QA_demos}",
                          "Here are some question-answer pairs. Write the text they come from.\n{QA_demos}",
                          "From these Q&A pairs, reconstruct the article: {QA_demos}", "Pairs: {QA_demos}",
                          "Read this exchange: \"{QA_demos}\"", "Compose a text covering these answers:\n{QA_demos}",
                          "Given these questions and answers:\n\n{QA_demos}", "Turn these pairs into prose:\n{QA_demos}",
                          "Use these facts to write a passage:\n{QA_demos}", "Q&A:\n{QA_demos}",
                          "Notes in question form:\n\n{QA_demos}", "Here is a quiz with answers:\n{QA_demos}",
                          "These questions were answered:\n{QA_demos}", "Facts as questions:\n{QA_demos}",
                          "Write the article behind these answers.\n\n{QA_demos}",
                          "An interview, then the text:\n{QA_demos}", "Some questions were asked:\n{QA_demos}",
                          "Answers to reconstruct from:\n{QA_demos}", "Prompted pairs:\n{QA_demos}",
                          "First the questions, then the text.\n{QA_demos}",
                          "Based on these pairs, a passage follows.\n{QA_demos}",
                          "A dialogue about a text:\n{QA_demos}", "Write a text that fits:\n\n{QA_demos}",
                          "Summarise these answers into a passage:\n{QA_demos}", "Pairs to expand:\n{QA_demos}",
                          "Question set:\n{QA_demos}", "Consider the pairs below.\n{QA_demos}",
                          "Information as Q&A:\n{QA_demos}", "Expand these into a text.\n\n{QA_demos}",
                          "The quiz came first:\n{QA_demos}", "Knowledge in pairs:\n{QA_demos}",
                          "Generate a passage from the pairs.\n{QA_demos}", "Read the Q&A:\n{QA_demos}",
                          "Start from these answers.\n{QA_demos}", "Material in question form:\n\n{QA_demos}",
                          "Pairs, then prose:\n{QA_demos}", "Write around these facts:\n{QA_demos}",
                          "Answered questions:\n{QA_demos}"]
    pools["qa_ends"] = [" ", "\n", "\n\n", "\n\n", "\n\n\n", "\n", "\n\n", "\n\n"]
    text = ["Write the passage.\nPassage: {context}", "Now the text: {context}", "The text:\n{context}",
            "Passage built from the pairs:\n\n{context}", "Here is the article.\n{context}",
            "Text that answers them: {context}", "The source:\n{context}", "Written out:\n\n{context}",
            "A passage covering the answers: {context}", "The article reads:\n{context}",
            "Reconstructed text:\n{context}", "The passage: {context}", "Write-up:\n{context}",
            "Text:\n\n{context}", "The full text follows.\n{context}", "Composed passage: {context}",
            "It comes from this text:\n{context}", "Here it is in prose:\n{context}", "Narrative:\n{context}",
            "The reading:\n{context}"]
    pools["text_starts"] = ["{context}"] * 10 + text
    pools["option_starts"] = ["", "Options:", "Choices:", "Pick one:", "Select one:", "Possible answers:",
                              "Choose from:", "Your options:", "Candidates:", "Options are:", "Answer choices:",
                              "Select from the list.", "pick one of these:", "CHOICES:", "Alternatives:", "Which one?"]
    letters_upper = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    letters_lower = [c.lower() for c in letters_upper]
    numbers = [str(i) for i in range(1, 27)]
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
             "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI"]
    bullets = ["\n- ", "\n-", "\n* ", "\n*", "\n+ ", "\n+", "\n> ", "\n~ ", "\n. ", "\n o ", "\n => ", "\n | ",
               "\n- [ ] ", "\n-- ", "\n ", " / "]
    names = [[b] * 26 for b in bullets]
    for labels in (letters_upper, letters_lower, numbers, roman, [r.lower() for r in roman]):
        for fmt in ("\n{}. ", "\n({}) ", "\n{}) ", " {}. ", " ({}) ", " [{}] ", "\n[{}] ", " {}: ", "\n{}: ",
                    "\n{} - ", " {}) ", "\n {}. ", "\nOption {}: "):
            names.append([fmt.format(x) for x in labels])
    pools["option_item_names"] = names
    pools["option_item_ends"] = ["", ";", "", ".", ""]
    unanswerable = ["None of the above", "None of these", "No option fits", "Cannot be determined from the options",
                    "Not listed", "None of the given choices", "No correct option", "The options do not cover it",
                    "Not among the choices", "None", "Neither", "No matching option", "All options are wrong",
                    "No suitable choice", "None applies", "Not answerable from these options",
                    "There is no right choice", "Nothing listed is correct", "None is correct", "No valid option",
                    "The answer is not listed", "None of the options given", "No choice matches",
                    "Cannot tell from the options", "No option is right", "Not one of these",
                    "None of the alternatives", "The choices miss it", "No listed answer", "Unlisted",
                    "None of the above options", "No fitting option", "No option matches the text",
                    "Insufficient options", "Not enough options to decide", "Not covered by the options",
                    "Not any of them", "None works", "No answer among these", "Other"]
    pools["unanswerable_options"] = unanswerable + [u.lower() for u in unanswerable]
    qnames = []
    for labels in (roman, [r.lower() for r in roman], numbers, letters_upper, letters_lower):
        for fmt in ("\n{}. ", "\n({}) ", "\n[{}] ", " {}. ", " ({}) ", "\n{}) ", "\nQ{}: ", "\nQuestion {}: ",
                    "\n {}. ", " [{}] ", "\n#{} ", "\n{}: "):
            qnames.append([fmt.format(x) for x in labels])
    pools["question_item_names"] = qnames
    pools["dialog_start_joiners"] = ["\n\n", "\n", " ", " | "]
    pools["dialog_starts"] = ["", "Conversation:", "Dialog:", "CHAT:", "Chat log:", "A talk between two people:",
                              "Two people discuss it:", "Transcript:", "Exchange:", "Interview:", "Q&A session:",
                              "A discussion:", "Conversation transcript:", "Call notes:", "Dialogue:"]
    speakers = [("Person A", "Person B"), ("Speaker 1", "Speaker 2"), ("Alice", "Bob"), ("User", "Assistant"),
                ("Student", "Teacher"), ("Interviewer", "Guest"), ("Q", "A"), ("Asker", "Answerer"),
                ("Reader", "Writer"), ("Visitor", "Guide"), ("Customer", "Agent"), ("Child", "Parent"),
                ("Learner", "Tutor"), ("X", "Y"), ("P1", "P2"), ("Host", "Expert"), ("Friend 1", "Friend 2"),
                ("Caller", "Operator"), ("Novice", "Mentor"), ("Speaker A", "Speaker B")]
    dialog = []
    for a, b in speakers:
        dialog.append([f"\n{a}: ", f"\n{b}: "])
        dialog.append([f"\n{a}) ", f"\n{b}) "])
    for a, b in [("-", "-"), ("*", "*"), ("+", "+"), (">", "<"), ("[1]", "[2]"), ("(a)", "(b)"), ("1.", "2."),
                 ("--", "--"), ("~", "~"), ("|", "|")]:
        dialog.append([f"\n{a} ", f"\n{b} "])
    pools["dialog_item_names"] = dialog
    pools["dialog_item_ends"] = ["", ";", "."]
    pools["dialog_turn_separators"] = ["", "\n"]
    pools["layout_weights"] = {"few": [95, 5], "many": [80, 5, 5, 5, 5], "inversion": [5, 95]}
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "template_pools.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(pools, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(out, {k: len(v) for k, v in pools.items() if isinstance(v, list)})


if __name__ == "__main__":
    main()
