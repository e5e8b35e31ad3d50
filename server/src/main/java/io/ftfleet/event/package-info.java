/**
 * The live event stream: one plain WebSocket ({@code /api/v1/ws}) that pushes typed envelopes
 * ({@code type}, {@code botId}, {@code at}, {@code data}) of what happens in the fleet to authenticated clients, scoped
 * to the bots each user may see, filtered by the client's subscription, with a bounded outbound queue per client so a
 * slow client is dropped instead of slowing anyone else down. Trade events come from each online bot's own message
 * websocket, and from successive fleet snapshots only for bots without one. A trade from a bot's websocket is also
 * published as an application event, {@link io.ftfleet.event.TradeOpened} / {@link io.ftfleet.event.TradeClosed}: the
 * module's API for other modules (alerts).
 */
package io.ftfleet.event;
