package io.ftfleet.runtime;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface BotProcessRepository extends JpaRepository<BotProcess, Long> {

    List<BotProcess> findByKindAndPidIsNotNull(String kind);
}
