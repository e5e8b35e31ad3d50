package io.ftfleet.freqai;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface FreqaiModelRepository extends JpaRepository<FreqaiModel, Long> {

    List<FreqaiModel> findAllByOrderByIdAsc();

    List<FreqaiModel> findByOwnerIdOrderByIdAsc(long ownerId);

    boolean existsByName(String name);

    boolean existsBySha256(String sha256);
}
