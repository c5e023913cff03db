;;; sextant.el --- Semantic code search with Sextant  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9") (jsonrpc "1.0.14"))
;; Keywords: tools, languages, matching
;; URL: https://github.com/

;; This file is not part of GNU Emacs.

;;; Commentary:

;; Sextant is a language server that answers semantic code search over
;; an index of the workspace.  This package starts it through Eglot and
;; adds commands for its own requests:
;;
;;   M-x sextant-search          ranked chunks for a question in words
;;   M-x sextant-find-similar    code like the declaration at point, or
;;                               like the active region
;;   M-x sextant-duplicates      clusters of near-identical code
;;                               (C-u: ask for the minimum cosine)
;;   M-x sextant-status          what the index holds (C-u: everything)
;;   M-x sextant-reindex         scan the workspace again
;;
;; Results go to a `compilation-mode' buffer, one line per chunk,
;;
;;   path:line: name  score  first line of the snippet
;;
;; so RET, mouse-2, `n', `p' and `next-error' (M-g n) visit them, and
;; `g' asks again.  `xref-find-apropos' (C-M-.) lists symbols through
;; workspace/symbol, as Eglot does for every server.  The server's
;; "Find similar code" code action (M-x eglot-code-actions) and the
;; commands Eglot runs on it show their answers the same way.
;;
;; Set-up (Emacs 28 with Debian's elpa-eglot 1.9, or Emacs 29 and
;; later with the built-in Eglot):
;;
;;   (require 'sextant)
;;   (setq sextant-program '("/path/to/sextant"))
;;   (sextant-eglot-setup)              ; sextant for `sextant-major-modes'
;;   (add-hook 'python-mode-hook #'eglot-ensure)
;;
;; Eglot runs one server per major mode and project, so the modes in
;; `sextant-major-modes' use Sextant instead of another language server.
;; editors/emacs/README.md has the details.

;;; Code:

(require 'cl-lib)
(require 'compile)
(require 'eglot)
(require 'jsonrpc)
(require 'json)
(require 'subr-x)
(require 'which-func)

(defgroup sextant nil
  "Semantic code search with the Sextant language server."
  :group 'tools
  :prefix "sextant-")

(defcustom sextant-program '("sextant")
  "The Sextant server command: the program and its arguments."
  :type '(repeat string))

(defcustom sextant-initialization-options nil
  "Initialization options sent to Sextant, as a plist.
For example (:indexDir \"/tmp/index\" :reindexDelayMs 200); nil sends
an empty object.  The keys are in the README of Sextant."
  :type 'plist)

(defcustom sextant-major-modes
  '(python-mode c-mode c++-mode java-mode js-mode typescript-mode go-mode
    rust-mode swift-mode ruby-mode sh-mode lua-mode markdown-mode
    ;; Emacs 29 and later
    python-ts-mode c-ts-mode c++-ts-mode java-ts-mode js-ts-mode
    typescript-ts-mode tsx-ts-mode go-ts-mode rust-ts-mode ruby-ts-mode
    bash-ts-mode lua-ts-mode)
  "Major modes whose buffers `sextant-eglot-setup' gives to Sextant."
  :type '(repeat symbol))

(defcustom sextant-limit 30
  "The most results of a search or find-similar request."
  :type 'integer)

(defcustom sextant-duplicates-min-score 0.9
  "The lowest cosine that joins two chunks in one duplicates cluster."
  :type 'number)

(defcustom sextant-duplicates-limit 50
  "The most clusters a duplicates request returns."
  :type 'integer)

(defcustom sextant-request-timeout 30
  "Seconds to wait for an answer of the server."
  :type 'number)

(defclass sextant-eglot-server (eglot-lsp-server) ()
  :documentation "An Eglot connection to the Sextant language server.")

(cl-defmethod eglot-initialization-options ((_server sextant-eglot-server))
  "Send `sextant-initialization-options' as initializationOptions."
  (or sextant-initialization-options (make-hash-table)))

(defun sextant--contact (&optional _interactive)
  "The Eglot contact of Sextant: its class and `sextant-program'."
  (cons 'sextant-eglot-server sextant-program))

;;;###autoload
(defun sextant-eglot-setup (&optional modes)
  "Make Eglot start Sextant for MODES (default: `sextant-major-modes').
The entry goes first in `eglot-server-programs', so it takes the place
of another server for those modes; running it again replaces it."
  (interactive)
  (setq eglot-server-programs
        (cons (cons (or modes sextant-major-modes) #'sextant--contact)
              (cl-remove-if (lambda (entry) (eq (cdr-safe entry) #'sextant--contact))
                            eglot-server-programs))))

;;; Talking to the server

(defvar-local sextant--buffer-server nil
  "The Sextant server a results buffer was made with.")

(defun sextant--project-root (project)
  "The root of PROJECT, expanded, or nil."
  (and project (ignore-errors (expand-file-name (project-root project)))))

(defun sextant--server ()
  "The Sextant server of this buffer, else of its project, or an error."
  (or (let ((server (eglot-current-server)))
        (and server (cl-typep server 'sextant-eglot-server) server))
      (and sextant--buffer-server
           (jsonrpc-running-p sextant--buffer-server)
           sextant--buffer-server)
      ;; Any running Sextant server, the one of this project first.
      (let ((root (sextant--project-root (project-current)))
            found)
        (when (boundp 'eglot--servers-by-project)
          (maphash (lambda (project servers)
                     (dolist (server servers)
                       (when (and (cl-typep server 'sextant-eglot-server)
                                  (jsonrpc-running-p server)
                                  (or (not found)
                                      (and root (equal root (sextant--project-root
                                                             project)))))
                         (setq found server))))
                   eglot--servers-by-project))
        found)
      (user-error (concat "Sextant is not running here: run M-x sextant-eglot-setup,"
                          " then M-x eglot in a file of the workspace"))))

(defun sextant--error-message (err)
  "The server's message in the `jsonrpc-error' ERR."
  (or (alist-get 'jsonrpc-error-message (cdr err))
      (format "%S" (cdr err))))

(defun sextant--request (method params &optional server)
  "Send METHOD (a string) with PARAMS to SERVER and return the result.
Pending changes of this buffer go to the server first.  A JSON-RPC
error becomes a `user-error' with the server's message."
  (let ((server (or server (sextant--server))))
    (when (and (bound-and-true-p eglot--managed-mode)
               (fboundp 'eglot--signal-textDocument/didChange))
      (ignore-errors (eglot--signal-textDocument/didChange)))
    (condition-case err
        (jsonrpc-request server (intern (concat ":" method)) params
                         :timeout sextant-request-timeout)
      (jsonrpc-error
       (user-error "%s: %s" method (sextant--error-message err))))))

(defun sextant--path-to-uri (path)
  "Return the file URI of PATH (Eglot's conversion)."
  (if (fboundp 'eglot-path-to-uri) (eglot-path-to-uri path) (eglot--path-to-uri path)))

(defun sextant--uri-to-path (uri)
  "Return the file name of URI (Eglot's conversion)."
  (if (fboundp 'eglot-uri-to-path) (eglot-uri-to-path uri) (eglot--uri-to-path uri)))

(defun sextant--position (pos)
  "The LSP position of POS: 0-based line and UTF-16 character."
  (save-excursion
    (goto-char pos)
    (list :line (1- (line-number-at-pos pos t))
          :character (/ (length (encode-coding-string
                                 (buffer-substring-no-properties (line-beginning-position) pos)
                                 'utf-16le))
                        2))))

;;; Results buffers

(defconst sextant--result-regexp
  "^\\([^:\n]+\\):\\([0-9]+\\): "
  "A result line: path, line, then the rest.")

(define-derived-mode sextant-results-mode compilation-mode "Sextant"
  "Results of a Sextant request, one chunk a line: path:line: name  score  snippet.
\\<sextant-results-mode-map>\\[compile-goto-error] visits a result, \\[compilation-next-error] and \\[compilation-previous-error]
move, \\[revert-buffer] asks again."
  (setq-local compilation-error-regexp-alist '(sextant))
  (setq-local compilation-error-regexp-alist-alist
              `((sextant ,sextant--result-regexp 1 2 nil 0)))
  (setq-local compilation-skip-threshold 0)
  (setq-local compilation-error-face 'compilation-info))

(define-key sextant-results-mode-map "g" #'revert-buffer)

(defun sextant--label (item)
  "Container.name of the result ITEM."
  (let ((container (plist-get item :container)))
    (if (and (stringp container) (not (string-empty-p container)))
        (concat container "." (plist-get item :name))
      (plist-get item :name))))

(defun sextant--first-line (snippet)
  "The first non-blank line of SNIPPET, trimmed."
  (or (and (stringp snippet)
           (cl-find-if (lambda (line) (not (string-empty-p line)))
                       (mapcar #'string-trim (split-string snippet "\n"))))
      ""))

(defun sextant--item-line (item root &optional text)
  "Return the result line of ITEM, its path relative to ROOT.
After the location comes TEXT, else the name, score and snippet."
  (let* ((path (sextant--uri-to-path (plist-get item :uri)))
         (line (1+ (plist-get (plist-get (plist-get item :range) :start) :line))))
    (propertize
     (format "%s:%d: %s\n" (file-relative-name path root) line
             (or text
                 (format "%s  %.2f  %s" (sextant--label item) (or (plist-get item :score) 0)
                         (sextant--first-line (plist-get item :snippet)))))
     'sextant-item item)))

(defun sextant--root (server)
  "The project root of SERVER, as a directory name."
  (file-name-as-directory (expand-file-name (project-root (eglot--project server)))))

(defun sextant--show (name title server lines rerun &optional coverage)
  "Show LINES (strings) under TITLE in the results buffer NAME of SERVER.
RERUN, a function of no arguments, is what \\[revert-buffer] calls.
Returns the buffer."
  (let ((buffer (get-buffer-create name))
        (root (sextant--root server)))
    (with-current-buffer buffer
      (let ((inhibit-read-only t))
        (sextant-results-mode)
        (setq default-directory root)
        (setq sextant--buffer-server server)
        (setq-local revert-buffer-function (lambda (&rest _) (funcall rerun)))
        (erase-buffer)
        (insert title "\n")
        (when (and (numberp coverage) (< coverage 1))
          (insert (format "(%.0f%% of the workspace indexed so far)\n" (* 100 coverage))))
        (if lines (mapc #'insert lines) (insert "Nothing found.\n"))
        (goto-char (point-min))
        (forward-line 1)))
    (setq next-error-last-buffer buffer)
    (pop-to-buffer buffer)
    buffer))

(defun sextant--show-items (title server result rerun)
  "Show the items of RESULT, an answer of SERVER, under TITLE in *sextant*.
RESULT is a search or find-similar answer; RERUN is what
\\[revert-buffer] calls.  Returns the buffer."
  (let ((root (sextant--root server)))
    (sextant--show "*sextant*" title server
                   (mapcar (lambda (item) (sextant--item-line item root)) (plist-get result :items))
                   rerun
                   (plist-get result :coverage))))

;;; Commands

;;;###autoload
(defun sextant-search (query)
  "Search the workspace for QUERY (words or a name); results in *sextant*."
  (interactive (list (read-string "Sextant search: " nil nil (thing-at-point 'symbol t))))
  (when (string-empty-p (string-trim query)) (user-error "Give a query"))
  (let* ((server (sextant--server))
         (result (sextant--request "sextant/search"
                                   (list :query query :limit sextant-limit)
                                   server)))
    (sextant--show-items (format "Sextant search: %s" query) server result
                         (lambda () (sextant-search query)))))

(defun sextant--declaration-name ()
  "The name of the definition at point, if Emacs knows it."
  (let ((name (ignore-errors (which-function))))
    (and (stringp name) (not (string-empty-p name)) name)))

;;;###autoload
(defun sextant-find-similar (&optional beg end)
  "Find code similar to the declaration at point, or to the text from BEG to END.
Interactively BEG and END are the active region.  Results go to
the *sextant* buffer."
  (interactive (and (use-region-p) (list (region-beginning) (region-end))))
  (unless buffer-file-name (user-error "This buffer has no file"))
  (let* ((server (sextant--server))
         (file buffer-file-name)
         (document (list :uri (sextant--path-to-uri file)))
         (params (list :textDocument document :limit sextant-limit))
         title)
    (if (and beg end)
        (setq params (append params (list :range (list :start (sextant--position beg)
                                                       :end (sextant--position end))))
              title (format "%s:%d-%d" (file-name-nondirectory file)
                            (line-number-at-pos beg t)
                            ;; A region ending at a line's start ends on the line before.
                            (line-number-at-pos (if (and (> end beg) (eq (char-before end) ?\n))
                                                    (1- end)
                                                  end)
                                                t)))
      (setq params (append params (list :position (sextant--position (point))))
            title (or (sextant--declaration-name)
                      (format "%s:%d" (file-name-nondirectory file)
                              (line-number-at-pos (point) t)))))
    (let* ((result (sextant--request "sextant/findSimilar" params server))
           (buffer (current-buffer))
           (point (point)))
      (sextant--show-items (format "Sextant similar: %s" title) server result
                           (lambda () (with-current-buffer buffer
                                        (save-excursion
                                          (goto-char point)
                                          (sextant-find-similar beg end))))))))

;;;###autoload
(defun sextant-duplicates (&optional min-score)
  "List clusters of near-identical code: chunks joined by a cosine >= MIN-SCORE.
MIN-SCORE defaults to `sextant-duplicates-min-score'; with a prefix
argument, it is asked for.  Results in *sextant-duplicates*."
  (interactive (list (if current-prefix-arg
                         (read-number "Lowest cosine: " sextant-duplicates-min-score)
                       sextant-duplicates-min-score)))
  (let* ((min-score (or min-score sextant-duplicates-min-score))
         (server (sextant--server))
         (result (sextant--request "sextant/duplicates"
                                   (list :minScore min-score :limit sextant-duplicates-limit)
                                   server)))
    (sextant--show-duplicates server result min-score (lambda () (sextant-duplicates min-score)))))

(defun sextant--show-duplicates (server result min-score rerun)
  "Show the duplicates RESULT of SERVER in *sextant-duplicates*.
MIN-SCORE is the cosine it was asked at; RERUN is what
\\[revert-buffer] calls.  Returns the buffer."
  (let* ((root (sextant--root server))
         (clusters (append (plist-get result :clusters) nil))
         (index 0)
         lines)
    (dolist (cluster clusters)
      (cl-incf index)
      (let ((files (or (plist-get cluster :files) 0)))
        (push (format "Cluster %d: %d chunks in %d file%s, ≥%.2f\n" index
                      (or (plist-get cluster :size) (length (plist-get cluster :items)))
                      files (if (eql files 1) "" "s") (or (plist-get cluster :score) 0))
              lines))
      (mapc (lambda (item) (push (sextant--item-line item root) lines)) (plist-get cluster :items)))
    (sextant--show "*sextant-duplicates*"
                   (format "Sextant duplicates: %d of %d clusters, cosine ≥ %.2f"
                           (length clusters)
                           (or (plist-get result :totalClusters) (length clusters))
                           min-score)
                   server (nreverse lines) rerun
                   (plist-get result :coverage))))

(defun sextant--status-text (result)
  "One line per workspace folder of the status RESULT, then the coverage."
  (let ((lines (mapcar
                (lambda (folder)
                  (let ((vectors (plist-get (plist-get folder :vectors) :liveVectors)))
                    (format "%s: %d files, %d chunks, %d symbols%s"
                            (plist-get folder :root) (or (plist-get folder :files) 0)
                            (or (plist-get folder :chunks) 0) (or (plist-get folder :symbols) 0)
                            (if (numberp vectors) (format ", %d vectors" vectors) ""))))
                (plist-get result :folders))))
    (concat "sextant: "
            (string-join lines "\n")
            (format "\ncoverage %.0f%%%s" (* 100 (or (plist-get result :coverage) 1))
                    (if (eq (plist-get result :indexing) t) ", indexing" "")))))

;;;###autoload
(defun sextant-status (&optional full)
  "Show a summary of the Sextant index; with FULL (prefix argument), all of it.
Return the summary."
  (interactive "P")
  (let* ((result (sextant--request "sextant/status" (make-hash-table)))
         (text (sextant--status-text result)))
    (when full
      (with-current-buffer (get-buffer-create "*sextant-status*")
        (let ((inhibit-read-only t))
          (erase-buffer)
          (insert (let ((json-encoding-pretty-print t)) (json-encode result)) "\n")
          (special-mode))
        (display-buffer (current-buffer))))
    (message "%s" text)
    text))

;;;###autoload
(defun sextant-reindex ()
  "Ask Sextant to scan the workspace again."
  (interactive)
  (sextant--request "workspace/executeCommand" (list :command "sextant.reindex"))
  (message "sextant: re-indexing the workspace"))

;;; Server commands: the "Find similar code" code action, workspace/executeCommand

(defun sextant--similar-title (argument)
  "What the find-similar ARGUMENT names, for a title.
ARGUMENT is the params of sextant/findSimilar.
For a range, file:first-last (a range ending at a line's start ends on
the line before); for a position, the function there if a buffer
visits the file, else file:line."
  (let* ((uri (plist-get (plist-get argument :textDocument) :uri))
         (file (and (stringp uri) (sextant--uri-to-path uri)))
         (range (plist-get argument :range))
         (position (plist-get argument :position)))
    (cond
     ((and file range)
      (let* ((first (plist-get (plist-get range :start) :line))
             (end (plist-get range :end))
             (last (plist-get end :line)))
        (when (and (> last first) (eql (plist-get end :character) 0))
          (setq last (1- last)))
        (format "%s:%d-%d" (file-name-nondirectory file) (1+ first) (1+ last))))
     ((and file position)
      (let ((buffer (find-buffer-visiting file))
            (line (plist-get position :line)))
        (or (and buffer
                 (with-current-buffer buffer
                   (save-excursion
                     (save-restriction
                       (widen)
                       (goto-char (point-min))
                       (forward-line line)
                       (forward-char (min (or (plist-get position :character) 0)
                                          (- (line-end-position) (point))))
                       (sextant--declaration-name)))))
            (format "%s:%d" (file-name-nondirectory file) (1+ line)))))
     (t "?"))))

(defun sextant--show-command-result (server command arguments result)
  "Show RESULT of the server COMMAND (a string) that SERVER ran with ARGUMENTS.
sextant.findSimilar (what the \"Find similar code\" code action runs)
and sextant.search fill *sextant* as `sextant-find-similar' and
`sextant-search' do, sextant.duplicates *sextant-duplicates*; status
and reindex say so in the echo area.  Returns RESULT."
  (let ((argument (and (> (length arguments) 0) (elt arguments 0)))
        (rerun (lambda ()
                 (sextant--show-command-result
                  server command arguments
                  (sextant--request "workspace/executeCommand"
                                    (list :command command :arguments arguments) server)))))
    (pcase command
      ("sextant.findSimilar"
       (sextant--show-items (format "Sextant similar: %s" (sextant--similar-title argument))
                            server result rerun))
      ("sextant.search"
       (sextant--show-items (format "Sextant search: %s" (plist-get argument :query))
                            server result rerun))
      ("sextant.duplicates"
       (sextant--show-duplicates server result
                                 (or (plist-get argument :minScore) sextant-duplicates-min-score)
                                 rerun))
      ("sextant.status" (message "%s" (sextant--status-text result)))
      ("sextant.reindex" (message "sextant: re-indexing the workspace"))))
  result)

(defun sextant--execute (server command arguments run)
  "Run the server COMMAND (a string) with ARGUMENTS on SERVER by calling RUN.
Show what it answers; a JSON-RPC error becomes a `user-error' with the
server's message.  Returns the answer."
  (let ((result (condition-case err
                    (funcall run)
                  (jsonrpc-error
                   (user-error "%s: %s" command (sextant--error-message err))))))
    (sextant--show-command-result server command arguments result)))

;; Eglot runs the command of a code action the user picks (M-x eglot-code-actions) with
;; `eglot-execute-command' up to Eglot 1.15 (Emacs 29) and with `eglot-execute' from 1.16
;; (Emacs 30) on; either way the answer of a Sextant server is shown.
(if (fboundp 'eglot-execute)
    (cl-defmethod eglot-execute :around ((server sextant-eglot-server) action)
      "Show what SERVER answers to ACTION when it is a Sextant command."
      (let ((command (plist-get action :command)))
        ;; A Command (with a title) comes back here as ExecuteCommandParams (without one).
        (if (and (stringp command) (not (plist-member action :title)))
            (sextant--execute server command (plist-get action :arguments)
                              (lambda () (cl-call-next-method)))
          (cl-call-next-method))))
  (with-no-warnings
    (cl-defmethod eglot-execute-command :around ((server sextant-eglot-server) command arguments)
      "Show what SERVER answers to COMMAND with ARGUMENTS."
      (sextant--execute server (format "%s" command) arguments
                        (lambda () (cl-call-next-method))))))

(provide 'sextant)
;;; sextant.el ends here
