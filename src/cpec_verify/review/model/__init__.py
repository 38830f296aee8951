"""The review app's state without Textual: the claim queue, verdict book, undo history,
feedback, guidelines, reviewer name and the verdict writer thread.  Testable without a screen."""
