package io.ftfleet.strategy;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface StrategyRepository extends JpaRepository<Strategy, Long> {

    Optional<Strategy> findByClassName(String className);

    boolean existsByClassName(String className);

    @Query("select s.className from Strategy s order by s.className")
    List<String> classNames();
}

interface StrategyVersionRepository extends JpaRepository<StrategyVersion, Long> {

    List<StrategyVersion> findByStrategyIdOrderByVersionNumberAsc(long strategyId);

    Optional<StrategyVersion> findByStrategyIdAndVersionNumber(long strategyId, int versionNumber);

    @Query("select coalesce(max(v.versionNumber), 0) from StrategyVersion v where v.strategyId = :strategyId")
    int lastVersionNumber(long strategyId);
}

interface StrategyShareRepository extends JpaRepository<StrategyShare, Long> {

    Optional<StrategyShare> findByStrategyIdAndUserId(long strategyId, long userId);

    List<StrategyShare> findByStrategyIdOrderByUserIdAsc(long strategyId);
}
