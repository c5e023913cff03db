;;; sextant-test.el --- Drive sextant.el and Eglot against the real binary  -*- lexical-binding: t; -*-

;;; Commentary:

;; Run by clients/pytest/test_emacs.py:
;;
;;   SEXTANT_TEST_SPEC=spec.json emacs --batch -l editors/emacs/test/sextant-test.el
;;
;; The spec (written by clients/pytest/editor_workspace.py) names the binary, the scratch
;; workspace, its index directory, the function and its renamed copy, and the output file.
;; The driver starts Sextant through Eglot, waits for the index, runs every command of
;; sextant.el, workspace/symbol (Eglot's xref apropos backend) for a name and a phrase, the
;; "Find similar code" code action (eglot-code-actions) and workspace/executeCommand through
;; Eglot, and writes what it got as JSON.  Each step's failure is recorded and the next step runs; every wait is bounded,
;; and a watchdog writes the output and exits if the whole run takes too long.

;;; Code:

(require 'json)
(require 'cl-lib)
(require 'subr-x)

(add-to-list 'load-path
             (expand-file-name ".." (file-name-directory (or load-file-name buffer-file-name))))
(require 'sextant)

(defvar sextant-test--spec
  (let ((json-object-type 'plist) (json-array-type 'list))
    (json-read-file (getenv "SEXTANT_TEST_SPEC"))))

(defvar sextant-test--out (list :editor "emacs" :version (emacs-version)
                                :eglot (or (locate-library "eglot") "")
                                :jsonrpc (or (locate-library "jsonrpc") "")))
(defvar sextant-test--steps nil)
(defvar sextant-test--failures nil)

(defun sextant-test--spec (&rest keys)
  "The value at KEYS in the spec."
  (let ((value sextant-test--spec))
    (dolist (key keys value) (setq value (plist-get value key)))))

(defun sextant-test--write (status)
  "Write the output with STATUS and exit."
  (let ((json-encoding-pretty-print t)
        (coding-system-for-write 'utf-8))
    (with-temp-file (sextant-test--spec :out)
      (insert (json-encode (append (list :status status
                                         :steps sextant-test--steps
                                         :failures (vconcat (reverse sextant-test--failures))
                                         :messages (with-current-buffer (messages-buffer) (buffer-string)))
                                   sextant-test--out)))))
  (let ((confirm-kill-processes nil))
    (kill-emacs (if (equal status "done") 0 1))))

;; Whatever happens, the run ends.
(run-at-time 80 nil (lambda () (push "watchdog: the run took over 80 s" sextant-test--failures)
                      (sextant-test--write "watchdog")))

(defun sextant-test--record (name value)
  "Record VALUE as the outcome of step NAME."
  (setq sextant-test--steps (plist-put sextant-test--steps name value)))

(defmacro sextant-test--step (name &rest body)
  "Run BODY as step NAME, recording its value, or its error as a failure."
  (declare (indent 1))
  `(let ((started (float-time)))
     (condition-case err
         (sextant-test--record ,name (list :value (progn ,@body) :seconds (- (float-time) started)))
       (error (push (format "%s: %s" ,name (error-message-string err)) sextant-test--failures)))))

(defun sextant-test--wait (what predicate seconds)
  "Wait up to SECONDS for PREDICATE, processing output; an error names WHAT."
  (let ((deadline (+ (float-time) seconds)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline) (error "Timed out waiting for %s" what))
      (accept-process-output nil 0.1))))

(defun sextant-test--results (buffer)
  "The title and the lines of the results BUFFER."
  (with-current-buffer buffer
    (let ((lines (split-string (buffer-substring-no-properties (point-min) (point-max)) "\n" t)))
      (list :title (car lines) :lines (vconcat (cdr lines)) :mode (symbol-name major-mode)
            :directory default-directory))))

(defun sextant-test--visit (path line column)
  "Visit PATH at 1-based LINE and 0-based COLUMN."
  (find-file path)
  (goto-char (point-min))
  (forward-line (1- line))
  (move-to-column column))

(defun sextant-test--pick-code-action (title thunk)
  "Run THUNK, answering Eglot's menu of code actions with TITLE.
Returns THUNK's value and the titles offered.  Eglot asks with
`completing-read' when the command was not run by the mouse, as for
\[execute-extended-command]."
  (let (offered)
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _)
                 (setq offered (mapcar (lambda (entry) (if (consp entry) (car entry) entry)) collection))
                 title)))
      (let* ((last-nonmenu-event ?\r)
             (value (funcall thunk)))
        (list :value value :offered (vconcat offered))))))

(defun sextant-test--execute (command arguments)
  "Run the server COMMAND with ARGUMENTS through Eglot's own entry point.
That is `eglot-execute' from Eglot 1.16 on, `eglot-execute-command' before."
  (let ((server (eglot-current-server)))
    (if (fboundp 'eglot-execute)
        (eglot-execute server (list :command command :arguments arguments))
      (eglot-execute-command server (intern command) arguments))))

(defun sextant-test--answer (result)
  "The keys, coverage and items (name, file, 0-based line, scores) of RESULT."
  (list :keys (vconcat (sort (cl-loop for (key _) on result by #'cddr collect (substring (symbol-name key) 1))
                             #'string<))
        :coverage (plist-get result :coverage)
        :items (vconcat
                (mapcar (lambda (item)
                          (list :name (plist-get item :name)
                                :file (sextant--uri-to-path (plist-get item :uri))
                                :line (plist-get (plist-get (plist-get item :range) :start) :line)
                                :score (plist-get item :score)
                                :keywordScore (plist-get item :keywordScore)
                                :similarity (plist-get item :similarity)))
                        (plist-get result :items)))))

(defun sextant-test--run ()
  "Every step, in order."
  (setq sextant-program (list (sextant-test--spec :binary))
        sextant-initialization-options (list :indexDir (sextant-test--spec :indexDir) :reindexDelayMs 50)
        sextant-request-timeout 20
        eglot-sync-connect 10)
  (sextant-eglot-setup '(python-mode))
  (transient-mark-mode 1)
  (let ((original (sextant-test--spec :original :path)))
    (sextant-test--step :connect
      (find-file original)
      (call-interactively #'eglot)
      (sextant-test--wait "Eglot to connect" (lambda () (eglot-current-server)) 30)
      (symbol-name (eieio-object-class (eglot-current-server))))
    (sextant-test--step :indexed
      ;; The workspace was indexed before Emacs started; the server checks it again on start.
      (let (status)
        (sextant-test--wait "the index"
                            (lambda ()
                              (setq status (jsonrpc-request (eglot-current-server) :sextant/status (make-hash-table)))
                              (or (and (eq (plist-get status :indexing) :json-false)
                                       (>= (or (plist-get status :coverage) 0) 1))
                                  (progn (sleep-for 0.2) nil)))
                            60)
        (plist-get status :coverage)))
    (sextant-test--step :status (sextant-status))
    (sextant-test--step :workspaceSymbol
      (vconcat
       (mapcar (lambda (xref)
                 (let ((location (xref-item-location xref)))
                   (list :summary (xref-item-summary xref)
                         :file (xref-location-group location)
                         :line (xref-location-line location))))
               (xref-backend-apropos 'eglot (sextant-test--spec :symbolQuery)))))
    (sextant-test--step :workspaceSymbolPhrase
      ;; A phrase of several words: the declarations it describes, through the same request.
      (find-file original)
      (vconcat
       (mapcar (lambda (xref)
                 (let ((location (xref-item-location xref)))
                   (list :summary (xref-item-summary xref)
                         :file (xref-location-group location)
                         :line (xref-location-line location))))
               (xref-backend-apropos 'eglot (sextant-test--spec :symbolPhrase)))))
    (sextant-test--step :search
      (sextant-test--results (sextant-search (sextant-test--spec :query))))
    (sextant-test--step :revert
      ;; `g' in the results buffer asks again.
      (with-current-buffer "*sextant*"
        (let ((inhibit-read-only t)) (erase-buffer))
        (call-interactively (key-binding "g"))
        (sextant-test--results (current-buffer))))
    (sextant-test--step :similarPoint
      (sextant-test--visit original (1+ (sextant-test--spec :original :bodyLine))
                           (+ 2 (sextant-test--spec :original :bodyColumn)))
      (deactivate-mark)
      (sextant-test--results (call-interactively #'sextant-find-similar)))
    (sextant-test--step :jump
      (with-current-buffer "*sextant*"
        (goto-char (point-min))
        (forward-line 1)
        (compile-goto-error))
      (with-current-buffer (window-buffer (selected-window))
        (list :file buffer-file-name :line (line-number-at-pos (window-point) t))))
    (sextant-test--step :similarRegion
      (let ((range (sextant-test--spec :original :range)))
        (sextant-test--visit original (car range) 0)
        (push-mark (point) t t)
        (forward-line (- (cadr range) (car range)))
        (end-of-line)
        (unless (use-region-p) (error "No active region"))
        (sextant-test--results (call-interactively #'sextant-find-similar))))
    (sextant-test--step :codeActionAnswer
      ;; textDocument/codeAction at point (an empty range), and the command it offers run
      ;; through Eglot: its answer as the server gave it.
      (sextant-test--visit original (1+ (sextant-test--spec :original :bodyLine))
                           (+ 2 (sextant-test--spec :original :bodyColumn)))
      (deactivate-mark)
      (let* ((actions (eglot-code-actions (point) (point)))
             (action (or (car actions) (error "No code action")))
             (result (sextant-test--execute (plist-get action :command) (plist-get action :arguments))))
        (list :actions (vconcat actions) :result (sextant-test--answer result))))
    (sextant-test--step :codeActionPoint
      ;; The editor's way: M-x eglot-code-actions at point, the user picks "Find similar
      ;; code", Eglot runs the command; sextant.el shows the answer in *sextant*.
      (sextant-test--visit original (1+ (sextant-test--spec :original :bodyLine))
                           (+ 2 (sextant-test--spec :original :bodyColumn)))
      (deactivate-mark)
      (let ((picked (sextant-test--pick-code-action
                     "Find similar code" (lambda () (eglot-code-actions (point) (point) nil t)))))
        (append (sextant-test--results "*sextant*") (list :offered (plist-get picked :offered)))))
    (sextant-test--step :codeActionRegion
      ;; The same on an active region over dedent's body (what M-x eglot-code-actions takes).
      (let ((range (sextant-test--spec :original :range)))
        (sextant-test--visit original (car range) 0)
        (push-mark (point) t t)
        (forward-line (- (cadr range) (car range)))
        (end-of-line)
        (unless (use-region-p) (error "No active region"))
        (let ((picked (sextant-test--pick-code-action
                       "Find similar code" (lambda () (call-interactively #'eglot-code-actions)))))
          (deactivate-mark)
          (append (sextant-test--results "*sextant*") (list :offered (plist-get picked :offered))))))
    (sextant-test--step :executeSearch
      ;; workspace/executeCommand sextant.search through Eglot: sextant.el shows the answer
      ;; in *sextant*, and Eglot returns it.
      (find-file original)
      (let ((result (sextant-test--execute
                     "sextant.search" (vector (list :query (sextant-test--spec :query) :mode "lexical")))))
        (append (sextant-test--results "*sextant*") (list :result (sextant-test--answer result)))))
    (sextant-test--step :executeUnknown
      ;; An unknown command: the server's error is a user-error carrying its message.
      (find-file original)
      (condition-case err
          (progn (sextant-test--execute (sextant-test--spec :unknownCommand) nil) "no error")
        (user-error (list :type "user-error" :message (error-message-string err)))
        (error (list :type (symbol-name (car err)) :message (error-message-string err)))))
    (sextant-test--step :similarError
      ;; A selection of a blank line holds no text: the server refuses it, and the command
      ;; says why with a user-error (no backtrace).
      (sextant-test--visit original (sextant-test--spec :blankLine) 0)
      (deactivate-mark)
      (condition-case err
          (progn (sextant-find-similar (point) (point)) "no error")
        (user-error (list :type "user-error" :message (error-message-string err)))
        (error (list :type (symbol-name (car err)) :message (error-message-string err)))))
    (sextant-test--step :duplicatesError
      (condition-case err
          (progn (sextant-duplicates 0.2) "no error")
        (user-error (list :type "user-error" :message (error-message-string err)))
        (error (list :type (symbol-name (car err)) :message (error-message-string err)))))
    (sextant-test--step :duplicates
      (sextant-test--results (sextant-duplicates (sextant-test--spec :minScore))))))

(condition-case err
    (progn (sextant-test--run) (sextant-test--write "done"))
  (error (push (format "driver: %s" (error-message-string err)) sextant-test--failures)
         (sextant-test--write "error")))

;;; sextant-test.el ends here
