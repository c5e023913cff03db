import NeuralInference

/// Deterministic benchmark inputs that tokenize to exactly a given length: a mix of source
/// code and prose, so word pieces, punctuation and `##` continuations all occur as they do
/// when indexing a repository.
enum BenchTexts {
  private static let corpus = """
    func retry<T>(times: Int, _ body: () async throws -> T) async rethrows -> T { var attempt = 0
    while true { do { return try await body() } catch where attempt < times { attempt += 1 } } }
    The index keeps one vector per chunk and rescoring reads exact vectors from the mapped file.
    def parse_config(path): with open(path) as f: return json.load(f) # fall back to defaults
    SELECT id, name FROM users WHERE created_at > ? ORDER BY name LIMIT 10; -- paging query
    impl<T: Ord> BinaryHeap<T> { pub fn push(&mut self, item: T) { self.data.push(item); } }
    When a file changes only the chunks whose content hash differs are embedded again, and the
    previous vectors become history compressed as XOR deltas with a keyframe every few versions.
    const router = express.Router(); router.get('/users/:id', async (req, res) => res.json({}));
    """
  private static let words = corpus.split(whereSeparator: \.isWhitespace).map(String.init)

  /// `count` different texts of exactly `tokens` token ids each, `[CLS]` and `[SEP]` included.
  static func make(count: Int, tokens: Int, tokenizer: WordPieceTokenizer) -> [String] {
    (0..<count).map { index in
      var text = ""
      var next = index * 7
      while true {
        let word = words[next % words.count]
        next += 1
        let candidate = text.isEmpty ? word : text + " " + word
        let length = tokenizer.encode(candidate).count
        if length == tokens { return candidate }
        if length > tokens {
          if tokens >= tokenizer.maxSequenceLength { return candidate }
          break
        }
        text = candidate
      }
      // The next word overshoots: fill up with a word that is always a single token.
      while tokenizer.encode(text).count < tokens { text += " the" }
      return text
    }
  }
}
