package io.ftfleet.auth;

import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.ftfleet.core.Problems;
import io.ftfleet.user.Users;

import org.springframework.aop.Advisor;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Stateless API security: bearer JWT or {@code X-API-Key}; every route requires authentication unless listed as
 * public here; roles are checked on the controllers ({@code @PreAuthorize}) with admin &gt; operator &gt; viewer.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity(prePostEnabled = false)
class SecurityConfig {

    /**
     * Routes anyone may call. Everything else needs a token or an API key. {@code /api/v1/ws} (the event stream) is
     * listed only so its WebSocket handshake passes this chain: browsers cannot send an Authorization header on a
     * WebSocket, so the stream authenticates inside its own handler ({@code ?token=}, {@code api_key}, or a first
     * {@code auth} message) and closes unauthenticated sockets with 1008.
     */
    static final String[] PUBLIC = { "/health", "/docs", "/docs/**", "/swagger-ui/**", "/openapi.json",
            "/openapi.json/**", "/api/v1/openapi.json", "/api/v1/info", "/api/v1/test", "/api/v1/auth/login",
            "/api/v1/auth/login/json", "/api/v1/auth/register", "/api/v1/auth/refresh", "/error", "/api/v1/ws", "/",
            "/ui", "/ui/**", "/webjars/**", "/api/v1/auth/ui/login", "/api/v1/auth/ui/refresh" };

    /**
     * No inline script or style anywhere: the dashboard (/ui/) and the API. Styles set through the CSSOM (as uPlot
     * and the dashboard do) are not inline styles in CSP terms. connect-src 'self' covers the same-origin WebSocket.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /**
     * Swagger UI (springdoc's bundle) writes style attributes into its markup, so only its pages may use inline
     * styles; its scripts are files, so script-src stays strict there too.
     */
    static final String DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /** The package of every class that may carry {@code @PreAuthorize}. */
    static final String OWN_PACKAGE = "io.ftfleet.";

    private RateLimitFilter rateLimitFilter;

    @Bean
    SecurityFilterChain api(HttpSecurity http, AccessTokens tokens, FleetJwtConverter converter, Users users,
            Problems problems, AuthProperties properties, org.springframework.context.ApplicationEventPublisher events,
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<HandlerMapping> mapping, MetricsScrape scrape)
            throws Exception {
        ProblemAuthenticationHandlers handlers = new ProblemAuthenticationHandlers(problems, events);
        RouteExists routes = new RouteExists(mapping);
        rateLimitFilter = new RateLimitFilter(properties.rateLimit(), problems);
        http.csrf(csrf -> csrf.disable())
                .cors(cors -> { })
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .headers(h -> h
                        .addHeaderWriter(SecurityConfig::writeContentSecurityPolicy)
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                        .requestMatchers(PUBLIC).permitAll()
                        .requestMatchers(MetricsScrape.PATH).access(adminOrScrapeToken(scrape))
                        .anyRequest().access(authenticatedOrNoRoute(routes)))
                .oauth2ResourceServer(o -> o
                        .bearerTokenResolver(request -> isPublic(request) || scrape.matches(request) ? null
                                : BearerHeader.token(request.getHeader(HttpHeaders.AUTHORIZATION)))
                        .jwt(j -> j.decoder(tokens.decoder()).jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .addFilterAfter(new ApiKeyAuthenticationFilter(users, handlers), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(rateLimitFilter, ApiKeyAuthenticationFilter.class);
        return http.build();
    }

    /**
     * Spring Security's filters are not wrapped in observations at all. Turning the observations off by property
     * (management.observations.enable.spring.security) still left every filter of the chain wrapped in a decorator
     * that starts a no-op observation: two extra calls and objects per filter per request (docs/BENCHMARKS.md).
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Method security for {@code @PreAuthorize} only, the one annotation the controllers use. The default
     * ({@code prePostEnabled}) also installs {@code @PostAuthorize}, {@code @PreFilter} and {@code @PostFilter}
     * advisors, and every advisor's pointcut is matched against every method of every bean at start-up (the
     * method-security matchers were about 8 % of the main thread's start-up CPU, docs/BENCHMARKS.md). Roles are
     * checked with {@link #roleHierarchy()}. Its pointcut is Spring Security's own, narrowed to this server's classes (the only ones that carry the
     * annotation): the libraries' beans are then passed over by their class, not method by method (another 5 %).
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor preAuthorize(RoleHierarchy roleHierarchy) {
        DefaultMethodSecurityExpressionHandler expressions = new DefaultMethodSecurityExpressionHandler();
        expressions.setRoleHierarchy(roleHierarchy);
        PreAuthorizeAuthorizationManager manager = new PreAuthorizeAuthorizationManager();
        manager.setExpressionHandler(expressions);
        AuthorizationManagerBeforeMethodInterceptor standard = AuthorizationManagerBeforeMethodInterceptor.preAuthorize(manager);
        Pointcut ours = new ComposablePointcut((ClassFilter) type -> type.getName().startsWith(OWN_PACKAGE))
                .intersection(standard.getPointcut());
        AuthorizationManagerBeforeMethodInterceptor scoped = new AuthorizationManagerBeforeMethodInterceptor(ours, manager);
        scoped.setOrder(standard.getOrder());
        return scoped;
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix().role("ADMIN").implies("OPERATOR").role("OPERATOR")
                .implies("VIEWER").build();
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(AuthProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.cors().allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("*"));
        cors.setExposedHeaders(List.of("X-Request-Id", "Retry-After", "X-RateLimit-Remaining"));
        cors.setAllowCredentials(true);
        cors.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    @Scheduled(fixedDelayString = "PT1M")
    void pruneRateLimitBuckets() {
        if (rateLimitFilter != null) {
            rateLimitFilter.prune();
        }
    }

    /**
     * The docs' policy on Swagger UI's pages ({@code /docs}, {@code /docs/**}, {@code /swagger-ui/**}), the strict one
     * everywhere else: one look at the path per response (two path-pattern matchers per response before).
     */
    private static void writeContentSecurityPolicy(HttpServletRequest request, HttpServletResponse response) {
        String path = request.getRequestURI();
        boolean docs = path.equals("/docs") || path.startsWith("/docs/") || path.equals("/swagger-ui")
                || path.startsWith("/swagger-ui/");
        response.setHeader("Content-Security-Policy", docs ? DOCS_CSP : CSP);
    }

    private static boolean isPublic(HttpServletRequest request) {
        String path = request.getRequestURI();
        for (String pattern : PUBLIC) {
            if (pattern.endsWith("/**") ? path.startsWith(pattern.substring(0, pattern.length() - 3)) : path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code /metrics} carries every bot's name, balance and profit, so it is for admins (token or API key) and for
     * the dedicated scrape token, which opens nothing else. Without credentials it is a 401, as any other route.
     */
    private static AuthorizationManager<RequestAuthorizationContext> adminOrScrapeToken(MetricsScrape scrape) {
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                    RequestAuthorizationContext context) {
                if (scrape.matches(context.getRequest())) {
                    return new AuthorizationDecision(true);
                }
                Authentication auth = authentication.get();
                if (!(auth instanceof FleetAuthentication fleet) || !auth.isAuthenticated()) {
                    // not authenticated: the entry point answers 401 (AuthorizationDeniedException for anonymous)
                    return new AuthorizationDecision(false);
                }
                return new AuthorizationDecision(fleet.getPrincipal().isAdmin());
            }
        };
    }

    private static AuthorizationManager<RequestAuthorizationContext> authenticatedOrNoRoute(RouteExists routes) {
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                    RequestAuthorizationContext context) {
                Authentication auth = authentication.get();
                boolean authenticated = auth != null && auth.isAuthenticated() && auth instanceof FleetAuthentication;
                return new AuthorizationDecision(authenticated || !routes.test(context.getRequest()));
            }
        };
    }
}
