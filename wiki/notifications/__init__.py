"""Following and notifications: members hear of what they follow, as they chose, and only of
what they may see when the notification is delivered."""
