/**
 * Alerts that leave the server: channels (signed webhook, Telegram, Discord, Slack) per user, rules on which events
 * of which bots reach them, and an outbox of deliveries written with the change that caused them and delivered at
 * least once, with back-off, by a dispatcher that several instances can share. Listens to the other modules' domain
 * events; nothing calls into it.
 */
package io.ftfleet.notify;
