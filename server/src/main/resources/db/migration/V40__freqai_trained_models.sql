-- Models trained by a FreqAI training job: every file of models/<identifier>/ is stored by content hash; the
-- manifest (relative path -> stored file) is kept here so a bot using the model gets the same folder. The job that
-- trained it is part of the lineage.
ALTER TABLE freqai_models ADD COLUMN artefact_manifest VARCHAR(200000);
ALTER TABLE freqai_models ADD COLUMN training_job_id BIGINT;
