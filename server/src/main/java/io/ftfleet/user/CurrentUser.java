package io.ftfleet.user;

/** The authenticated caller, as every module sees it. Controllers take it with {@code @AuthenticationPrincipal}. */
public record CurrentUser(long id, String username, Role role) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Operators and admins may change things; viewers may only read. */
    public boolean canOperate() {
        return role != Role.VIEWER;
    }
}
