"""Full-screen views opened from the explorer: history, batch, provider statistics, compare.

Each is imported and composed only when first opened, so none of them costs start-up time.
"""
