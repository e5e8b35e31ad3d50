-- The freqai parameters a model was trained with; a bot using the model runs with the same ones.
ALTER TABLE freqai_models ADD COLUMN freqai_params VARCHAR(20000);
