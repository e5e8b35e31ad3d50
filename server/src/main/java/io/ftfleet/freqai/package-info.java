/** FreqAI model registry: uploaded artefacts (content-addressed), their metadata and lineage, attachment to bots. */
package io.ftfleet.freqai;
