package io.ftfleet.event;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Registers the stream. Any origin may connect: the stream authenticates with an explicit token or key, never with
 * ambient browser credentials (cookies), so a foreign page gains nothing it does not already hold.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class EventStreamConfig implements WebSocketConfigurer {

    private final EventStreamHandler handler;

    EventStreamConfig(EventStreamHandler handler) {
        this.handler = handler;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, EventStreamHandler.PATH).addInterceptors(handler).setAllowedOriginPatterns("*");
    }
}
