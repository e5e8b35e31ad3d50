package io.ftfleet.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/** Every {@link JobKind} bean by name. */
@Component
class JobKinds {

    private final Map<String, JobKind> byName;

    JobKinds(List<JobKind> kinds) {
        this.byName = kinds.stream().collect(Collectors.toUnmodifiableMap(JobKind::name, Function.identity()));
    }

    Optional<JobKind> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    java.util.Set<String> names() {
        return new java.util.TreeSet<>(byName.keySet());
    }
}
