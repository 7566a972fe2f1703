"""Webhooks: change events POSTed to subscribers, signed per the Standard Webhooks spec.

`dispatch` matches committed events to subscriptions as deliveries, `sending` sends them
(in order per article, retried with backoff), `runner` has it done after each commit by
the job queue or a background thread, and `subscriptions` validates what subscribers ask.
"""
