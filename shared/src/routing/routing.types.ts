/** One handled ticket (or dataset row) the router learns from: what was written, and where it went. */
export type TRoutingExample = {
  text: string;
  /** Category code of the ticket (GB/T 39666 style: digits, a group code prefixes its leaves). */
  category?: string | null;
  /** Code of the district unit the matter is in. */
  district?: string | null;
  /** Hotline line, e.g. '12345'. */
  line?: string | null;
  /** What to predict: a unit id, a category id, a dataset's class name. */
  label: string;
};

export type TRoutingInput = Omit<TRoutingExample, 'label'>;

export type TRoutingPrediction = { label: string; confidence: number };

/** Hyperparameters; the defaults were chosen by cross-validation on the training rows of both public datasets. */
export type TRouterOptions = {
  /** SVM cost: higher follows the training tickets more closely, lower generalises more. */
  c?: number;
  /**
   * A label's own examples cost (others / own)^classBalance times more to get wrong, so a unit
   * with ten tickets is not drowned out by one with a thousand. 0 turns it off.
   */
  classBalance?: number;
  /** A term must occur in at least this many training texts to become a feature. */
  minDf?: number;
  /** Keeps the vocabulary (and training memory) bounded on large histories: the most frequent terms win. */
  maxTerms?: number;
  /** Value of a present category / district / line feature, next to a text vector of length 1. */
  categoricalWeight?: number;
  /**
   * Softmax temperature turning margins into confidences. The default minimised cross-validated
   * log loss on both datasets; there, a first suggestion with confidence ≥ 0.9 was right 93–94 %
   * of the time (Taipei top-1 mean confidence 0.80 against 0.80 accuracy).
   */
  temperature?: number;
  /** Passes over the training set per label, at most. */
  maxEpochs?: number;
  /** Stop a label's training once no projected gradient exceeds this. */
  tolerance?: number;
  /** Share of each label's non-zero weights kept (largest first): the rest barely move a score and cost space. */
  weightDensity?: number;
  /** Seeds the order examples are visited in; the same seed and data give the same model. */
  seed?: number;
};

/**
 * A trained router: plain JSON-serialisable data (numbers are float32-exact, so a model survives
 * serializeRouter / deserializeRouter unchanged).
 */
export type TRouterModel = {
  version: 1;
  labels: string[];
  /** Feature names, sorted; a term's position is its feature index. `w:` word, `f:` leading word, `c:`/`d:`/`l:`/`x:` context, no prefix: character n-gram. */
  terms: string[];
  /** Inverse document frequency per term (unused for context terms). */
  idf: number[];
  /** Per label. */
  bias: number[];
  /** Sparse weights by term: term f has weightCount[f] entries, in term order, of (label index, weight). */
  weightCount: number[];
  weightLabel: number[];
  /** Each weight is an integer multiple of weightScale (so it stores as int16). */
  weight: number[];
  weightScale: number;
  temperature: number;
  categoricalWeight: number;
};
