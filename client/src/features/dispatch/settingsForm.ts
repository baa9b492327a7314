import type { TDispatchSettings } from '@hotline/shared';

/** The settings form shows ratios as percentages (90 rather than 0.9). */
export type TSettingsFormValues = TDispatchSettings;

const toPercent = (ratio: number) => Math.round(ratio * 1000) / 10;
const toRatio = (pct: number) => Math.round(pct * 10) / 1000;

export function settingsToForm(s: TDispatchSettings): TSettingsFormValues {
  return {
    ...s,
    autoDispatchMinConfidence: toPercent(s.autoDispatchMinConfidence),
    duplicateMinSimilarity: toPercent(s.duplicateMinSimilarity),
  };
}

/** The PUT body: exactly the settings' fields (the server refuses unknown keys). */
export function formToSettings(v: TSettingsFormValues): TDispatchSettings {
  return {
    autoDispatchMinConfidence: toRatio(v.autoDispatchMinConfidence),
    returnWindowDays: v.returnWindowDays,
    extensionCapDays: v.extensionCapDays,
    duplicateWindowDays: v.duplicateWindowDays,
    duplicateMinSimilarity: toRatio(v.duplicateMinSimilarity),
  };
}
