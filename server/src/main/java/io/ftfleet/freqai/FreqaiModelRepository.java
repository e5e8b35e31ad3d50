package io.ftfleet.freqai;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface FreqaiModelRepository extends JpaRepository<FreqaiModel, Long> {

    List<FreqaiModel> findAllByOrderByIdAsc();

    List<FreqaiModel> findByOwnerIdOrderByIdAsc(long ownerId);

    boolean existsByName(String name);

    Optional<FreqaiModel> findByName(String name);

    boolean existsBySha256(String sha256);
}
