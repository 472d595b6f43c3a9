"""Events: trigger words, linking places to events, and merging them across articles."""
