"""Reading the words: spaCy loading, people and quotes, figures, dates and hedges."""
