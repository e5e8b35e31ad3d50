package io.ftfleet.bot;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface BotRepository extends JpaRepository<Bot, Long> {

    List<Bot> findAllByOrderByIdAsc(Pageable page);

    List<Bot> findByOwnerIdOrderByIdAsc(long ownerId, Pageable page);

    Optional<Bot> findByName(String name);

    boolean existsByName(String name);

    List<Bot> findByStrategyNameOrderByNameAsc(String strategyName);

    List<Bot> findByFreqaiModelIdOrderByNameAsc(long freqaiModelId);
}
