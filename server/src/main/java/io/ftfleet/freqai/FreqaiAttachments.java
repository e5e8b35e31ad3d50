package io.ftfleet.freqai;

import java.util.List;

/** Which bots use a model. Implemented by the bot module, so a model in use cannot be deleted. */
public interface FreqaiAttachments {

    List<String> botsUsing(long modelId);
}
