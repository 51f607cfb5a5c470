"""Mail: send_mail() queues a message in the transaction that causes it; it leaves after the
commit (wiki.mail.hooks), or with `wiki mail send` for whatever is left.

Modelled on Warehouse's `email/` package: one function to call, one template folder per
message (`templates/mail/<name>/subject.txt`, `body.txt`, `body.html`) rendered in the
recipient's language, a transport chosen by configuration (SMTP, or `.eml` files in
`instance/mail/` when no server is configured), retries with backoff, nothing sent twice.
"""

from wiki.mail.queue import Category, opt_out, opted_out, opted_out_categories, send_mail

__all__ = ["Category", "opt_out", "opted_out", "opted_out_categories", "send_mail"]
