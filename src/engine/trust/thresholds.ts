/** reference 4.9 and 9 (`engine/pulse_config.py`): the trust score's floor and the filter's minimum confidence. */
export const CONFIDENCE_THRESHOLD = 0.4

/** reference 4.9 and 9 (`engine/pulse_config.py`): the cap on fragility and the confidence filter's fragility limit. */
export const DEFAULT_FRAGILITY_THRESHOLD = 0.7
