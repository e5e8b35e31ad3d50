package io.ftfleet.auth;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Whether a controller route matches the request. Unauthenticated requests to paths that are no route at all get
 * the honest 404 (or 405) instead of a 401, as in the original; every real route stays authenticated by default.
 */
final class RouteExists {

    private final ObjectProvider<HandlerMapping> mapping;

    RouteExists(ObjectProvider<HandlerMapping> mapping) {
        this.mapping = mapping;
    }

    boolean test(HttpServletRequest request) {
        try {
            Isolated isolated = new Isolated(request);
            ServletRequestPathUtils.parseAndCache(isolated);
            return mapping.getObject().getHandler(isolated) != null;
        } catch (Exception noSuchMethodOrMediaType) {
            // The path exists with another method or media type: MVC answers 405/415 with nothing disclosed.
            return false;
        }
    }

    /** Keeps the lookup's request attributes away from the real request. */
    private static final class Isolated extends HttpServletRequestWrapper {
        private final Map<String, Object> attributes = new HashMap<>();

        Isolated(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return Collections.enumeration(attributes.keySet());
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }
    }
}
