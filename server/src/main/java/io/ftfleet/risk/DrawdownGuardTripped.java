package io.ftfleet.risk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ftfleet.core.AuditableEvent;

/**
 * A drawdown guard fired: entries must stop on {@code botIds} (and their trades be force-exited when
 * {@code forceExit}). The bot module acts on it through the emergency stop's path; the trading switch is already
 * tripped when this is published.
 *
 * @param stakeCurrency the currency whose equity fell (currencies are never mixed)
 */
public record DrawdownGuardTripped(long guardId, String guardName, String scopeTag, boolean dryRun,
        String stakeCurrency, double highEquity, double equity, double drawdownPct, double maxDrawdownPct,
        List<Long> botIds, boolean forceExit) implements AuditableEvent {

    @Override
    public String action() {
        return "risk.drawdown_guard_tripped";
    }

    @Override
    public String targetType() {
        return "drawdown_guard";
    }

    @Override
    public String targetId() {
        return String.valueOf(guardId);
    }

    @Override
    public Map<String, Object> after() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", guardName);
        m.put("scope_tag", scopeTag);
        m.put("dry_run", dryRun);
        m.put("stake_currency", stakeCurrency);
        m.put("high_equity", highEquity);
        m.put("equity", equity);
        m.put("drawdown_pct", drawdownPct);
        m.put("max_drawdown_pct", maxDrawdownPct);
        m.put("bot_ids", botIds);
        m.put("force_exit", forceExit);
        return m;
    }

    public String reason() {
        return String.format(java.util.Locale.ROOT, "drawdown guard '%s': %s %s equity %.8f is %.2f %% below its high %.8f"
                + " (limit %.2f %%)", guardName, dryRun ? "dry-run" : "live", stakeCurrency, equity, drawdownPct,
                highEquity, maxDrawdownPct);
    }
}
