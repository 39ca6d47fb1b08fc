// Colours of the acknowledgment statuses: the Okabe-Ito palette, which
// stays distinguishable with the common colour-vision deficiencies.
export type AckStatus = "COVERED" | "STALE" | "PENDING" | "NOT_REQUESTED";

export const STATUSES: AckStatus[] = ["COVERED", "STALE", "PENDING", "NOT_REQUESTED"];

export const STATUS_COLOR: Record<AckStatus, string> = {
  COVERED: "#009e73", // bluish green
  STALE: "#e69f00", // orange
  PENDING: "#56b4e9", // sky blue
  NOT_REQUESTED: "#d55e00", // vermillion
};

export const FOCAL_COLOR = "#000000";
export const HIGHLIGHT_COLOR = "#cc79a7"; // reddish purple: a selected path
export const DIM_COLOR = "#d9d9d9";

export const STATUS_LABEL: Record<AckStatus, string> = {
  COVERED: "covered",
  STALE: "stale",
  PENDING: "pending",
  NOT_REQUESTED: "not requested",
};

// nodeColor is the colour of a node with the cascade status (null: the focal company).
export function nodeColor(status: AckStatus | null): string {
  return status === null ? FOCAL_COLOR : STATUS_COLOR[status];
}
