package io.ftfleet.freqai;

import io.ftfleet.core.ReadinessCheck;

import org.springframework.stereotype.Component;

/**
 * {@code /health} component {@code freqai}: the artefact store can be written. Not required: bots and everything
 * else work without it; only uploads, training results and starting bots with trained models need it.
 */
@Component
class FreqaiReadinessCheck implements ReadinessCheck {

    private final ArtefactStore artefacts;

    FreqaiReadinessCheck(ArtefactStore artefacts) {
        this.artefacts = artefacts;
    }

    @Override
    public String name() {
        return "freqai";
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public Result check() {
        ArtefactStore.Usage usage = artefacts.usage();
        return usage.writable() ? Result.up("artefact store writable, " + usage.files() + " files, " + usage.bytes() + " bytes")
                : Result.down("artefact store " + ArtefactStore.RELATIVE_DIR + " cannot be written");
    }
}
