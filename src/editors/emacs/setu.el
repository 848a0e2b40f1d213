;;; setu.el --- Translation memory lookups and name transliteration via setu -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1"))
;; Keywords: i18n, languages, tools

;;; Commentary:

;; An Emacs client of `setu serve', the JSON-lines protocol of setu (a
;; Hindi-English translation memory and transliterator).  One server process
;; runs per Emacs session; requests carry an id and answers are matched to
;; their callbacks by it.
;;
;;   M-x setu-lookup-line     the memory's best matches for the current line,
;;                            shown in the *setu* buffer
;;   M-x setu-translit-word   the Latin spelling of the Devanagari word at
;;                            point (with a prefix argument: replace the word)
;;   M-x setu-translit-region the same for the region
;;   M-x setu-replace-line    replace the current line with the best match's
;;                            other language (a prefix N: match N)
;;   M-x setu-insert-match    insert it below the current line
;;   M-x setu-add             store the current line with a text you type (or
;;                            the next line); the Devanagari one is the Hindi
;;   M-x setu-mode            look the current line up as you type (after
;;                            `setu-idle-delay' seconds of quiet), with keys
;;
;; In the *setu* buffer, RET replaces the looked-up line with the match at
;; point and o inserts it below.  Keys: `setu-command-map', bound to
;; `setu-keymap-prefix' (C-c s) in `setu-mode': l lookup, r replace,
;; i insert, t translit (replace), a add, w go to *setu*.  Bind it anywhere:
;;   (global-set-key (kbd "C-c s") setu-command-map)
;;
;; Setup (an installed setu puts this file in PREFIX/share/setu/editors/emacs):
;;   (add-to-list 'load-path "/path/to/setu/src/editors/emacs")
;;   (require 'setu)
;;   (setq setu-tm "~/tm")            ; optional: setu's default otherwise

;;; Code:

(require 'json)
(require 'cl-lib)

(defgroup setu nil
  "Translation memory lookups and transliteration via setu."
  :group 'i18n)

(defcustom setu-program "setu"
  "The setu program."
  :type 'string)

(defcustom setu-tm nil
  "The translation memory, or nil for setu's default ($SETU_TM, the config)."
  :type '(choice (const nil) directory))

(defcustom setu-lang nil
  "Language of the text looked up: \"en\", \"hi\", \"hi-Latn\", or nil to guess."
  :type '(choice (const nil) string))

(defcustom setu-min nil
  "Lowest score shown (1-100), or nil for setu's default (70)."
  :type '(choice (const nil) integer))

(defcustom setu-max 5
  "Most matches shown."
  :type 'integer)

(defcustom setu-scheme nil
  "Transliteration scheme, or nil for setu's default (names)."
  :type '(choice (const nil) string))

(defcustom setu-memory nil
  "Non-nil: transliteration prefers name spellings attested in the memory."
  :type 'boolean)

(defcustom setu-idle-delay 0.2
  "Seconds of quiet before `setu-mode' looks the current line up."
  :type 'number)

(defcustom setu-timeout 2.0
  "Seconds to wait for an answer in synchronous calls."
  :type 'number)

(defconst setu-buffer-name "*setu*")

(defvar setu--process nil)
(defvar setu--next-id 0)
(defvar setu--pending (make-hash-table :test 'eql)
  "Request id -> callback taking the answer (an alist).")
(defvar setu--latest-lookup 0
  "Id of the newest lookup: answers to older ones are dropped.")
(defvar setu--timer nil)

;;; JSON, natively where Emacs has it.

(defun setu--encode (object)
  "OBJECT (an alist) as one line of JSON."
  (if (and (fboundp 'json-serialize) (fboundp 'json-available-p) (json-available-p))
      (json-serialize object :null-object :null :false-object :false)
    (let ((json-encoding-pretty-print nil))
      (json-encode object))))

(defun setu--decode (line)
  "LINE of JSON as an alist (arrays as lists), or nil when unreadable."
  (condition-case nil
      (if (and (fboundp 'json-parse-string) (fboundp 'json-available-p) (json-available-p))
          (json-parse-string line :object-type 'alist :array-type 'list
                             :null-object nil :false-object nil)
        (let ((json-object-type 'alist) (json-array-type 'list) (json-false nil))
          (json-read-from-string line)))
    (error nil)))

;;; The server process.

(defun setu--filter (process output)
  "Collect OUTPUT of PROCESS; dispatch each complete answer line."
  (let ((buf (process-buffer process)))
    (when (buffer-live-p buf)
      (with-current-buffer buf
        (goto-char (point-max))
        (insert output)
        (goto-char (point-min))
        (while (search-forward "\n" nil t)
          (let* ((line (buffer-substring (point-min) (1- (point))))
                 (answer (setu--decode line)))
            (delete-region (point-min) (point))
            (let* ((id (alist-get 'id answer))
                   (callback (and (integerp id) (gethash id setu--pending))))
              (when callback
                (remhash id setu--pending)
                (funcall callback answer)))))))))

(defun setu--sentinel (process _event)
  "Forget PROCESS when it exits."
  (unless (process-live-p process)
    (setq setu--process nil)
    (clrhash setu--pending)
    (when (buffer-live-p (process-buffer process))
      (kill-buffer (process-buffer process)))))

(defun setu-start ()
  "Start `setu serve' unless it runs.  Return the process."
  (unless (or (process-live-p setu--process) (executable-find setu-program))
    (user-error "setu: cannot find the program `%s'%s: install setu, or set `setu-program'"
                setu-program (if (file-name-directory setu-program) "" " on exec-path")))
  (unless (process-live-p setu--process)
    (let ((process-connection-type nil) ; a pipe, not a terminal
          (command (append (list setu-program "serve")
                           (and setu-tm (list "--tm" (expand-file-name setu-tm))))))
      (setq setu--process
            (make-process :name "setu-serve"
                          :buffer (generate-new-buffer " *setu-serve*")
                          :command command
                          :coding 'utf-8-unix
                          :connection-type 'pipe
                          :noquery t
                          :stderr (get-buffer-create " *setu-serve-stderr*")
                          :filter #'setu--filter
                          :sentinel #'setu--sentinel))))
  setu--process)

(defun setu-stop ()
  "Stop the server."
  (interactive)
  (when (process-live-p setu--process)
    (process-send-eof setu--process)
    (delete-process setu--process))
  (setq setu--process nil))

(defun setu-request (request callback)
  "Send REQUEST (an alist without id); CALLBACK gets the answer alist.
Return the request's id."
  (let ((process (setu-start))
        (id (cl-incf setu--next-id)))
    (puthash id callback setu--pending)
    (process-send-string process (concat (setu--encode (cons (cons 'id id) request)) "\n"))
    id))

(defun setu-request-sync (request)
  "Send REQUEST and wait up to `setu-timeout' seconds for its answer."
  (let* ((answer nil)
         (done nil)
         (deadline (+ (float-time) setu-timeout)))
    (setu-request request (lambda (a) (setq answer a done t)))
    (while (and (not done) (< (float-time) deadline) (process-live-p setu--process))
      (accept-process-output setu--process 0.05))
    answer))

(defun setu--error-text (answer)
  "The error of ANSWER as text, or nil."
  (let ((err (alist-get 'error answer)))
    (and err (format "%s: %s" (alist-get 'code err) (alist-get 'message err)))))

(defun setu--drop-nil (alist)
  "ALIST without its nil values (optional request fields)."
  (cl-remove-if (lambda (cell) (null (cdr cell))) alist))

;;; Lookups.

(defun setu-script-balance (text)
  "Devanagari letters minus Latin letters of TEXT: positive for Hindi.
Danda and Devanagari digits count for neither."
  (let ((n 0))
    (dolist (c (string-to-list text) n)
      (cond ((and (<= #x900 c #x97f) (not (<= #x964 c #x96f))) (setq n (1+ n)))
            ((or (<= ?a c ?z) (<= ?A c ?Z) (<= #xc0 c #x24f)) (setq n (1- n)))))))

(defun setu-other-side (match text)
  "The side of MATCH in the other language than TEXT."
  (alist-get (if (> (setu-script-balance text) 0) 'en 'hi) match))

(defun setu-format-matches (matches)
  "MATCHES as the lines shown in the *setu* buffer."
  (mapconcat (lambda (m)
               (propertize (format "%3d%%  %s\n      %s\n"
                                   (alist-get 'score m) (alist-get 'en m) (alist-get 'hi m))
                           'setu-match m))
             matches ""))

(defvar setu-matches-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "RET") #'setu-use-match-at-point)
    (define-key map (kbd "o") #'setu-insert-match-at-point)
    map)
  "Keys of the *setu* buffer.")

(define-derived-mode setu-matches-mode special-mode "setu"
  "The memory's matches: RET puts the one at point in place of the looked-up
line, o inserts it below that line.")

(defvar-local setu--source nil
  "In *setu*: a marker at the start of the line the matches are for.")

(defun setu--use-match (below)
  "Put the match at point in place of its source line, or BELOW it."
  (let ((m (get-text-property (point) 'setu-match))
        (src setu--source))
    (unless (and m src (buffer-live-p (marker-buffer src)))
      (user-error "setu: no match here"))
    (with-current-buffer (marker-buffer src)
      (save-excursion
        (goto-char src)
        (let* ((line (buffer-substring-no-properties (line-beginning-position)
                                                     (line-end-position)))
               (repl (setu-other-side m line)))
          (if below
              (progn (end-of-line) (insert "\n" repl))
            (delete-region (line-beginning-position) (line-end-position))
            (insert repl)))))))

(defun setu-use-match-at-point ()
  "Replace the looked-up line with the match at point (its other language)."
  (interactive)
  (setu--use-match nil))

(defun setu-insert-match-at-point ()
  "Insert the match at point (its other language) below the looked-up line."
  (interactive)
  (setu--use-match t))

(defun setu-show-matches (matches text &optional source)
  "Show MATCHES for TEXT in the *setu* buffer; SOURCE marks the line."
  (with-current-buffer (get-buffer-create setu-buffer-name)
    (let ((inhibit-read-only t))
      (erase-buffer)
      (insert (format "setu: %s\n\n" text))
      (insert (if matches (setu-format-matches matches) "no matches\n"))
      (goto-char (point-min))
      (setu-matches-mode)
      (setq setu--source source))
    (unless noninteractive
      (display-buffer (current-buffer) '(display-buffer-at-bottom (window-height . fit-window-to-buffer))))))

(defun setu-lookup (text &optional callback)
  "Look TEXT up; CALLBACK gets the matches, else they are shown.
Only the answer to the newest lookup is used."
  (let ((source (copy-marker (line-beginning-position)))
        id)
    (setq id (setu-request
              (setu--drop-nil `((op . "lookup") (text . ,text) (lang . ,setu-lang)
                                (min . ,setu-min) (max . ,setu-max)))
              (lambda (answer)
                (when (eql id setu--latest-lookup)
                  (let ((err (setu--error-text answer)))
                    (cond (err (message "setu: %s" err))
                          (callback (funcall callback (alist-get 'matches answer)))
                          (t (setu-show-matches (alist-get 'matches answer) text
                                                source))))))))
    (setq setu--latest-lookup id)))

(defun setu--matches-sync (text)
  "The best matches for TEXT, waiting for them; nil after an error (reported)."
  (let* ((answer (setu-request-sync
                  (setu--drop-nil `((op . "lookup") (text . ,text) (lang . ,setu-lang)
                                    (min . ,setu-min) (max . ,setu-max)))))
         (err (and answer (setu--error-text answer))))
    (cond ((null answer) (message "setu: no answer from the server") nil)
          (err (message "setu: %s" err) nil)
          (t (or (alist-get 'matches answer) (progn (message "setu: no match") nil))))))

(defun setu--use-best (n below)
  "Put match N's other language in place of the current line, or BELOW it.
Return the text used, or nil."
  (let* ((line (buffer-substring-no-properties (line-beginning-position) (line-end-position)))
         (m (and (not (string-match-p "\\`[ \t]*\\'" line))
                 (nth (1- (or n 1)) (setu--matches-sync line))))
         (repl (and m (setu-other-side m line))))
    (when repl
      (save-excursion
        (if below
            (progn (end-of-line) (insert "\n" repl))
          (delete-region (line-beginning-position) (line-end-position))
          (insert repl))))
    repl))

(defun setu-replace-line (&optional n)
  "Replace the current line with the best match's other language.
With a numeric prefix N, use match N."
  (interactive "p")
  (setu--use-best n nil))

(defun setu-insert-match (&optional n)
  "Insert the best match's other language below the current line.
With a numeric prefix N, use match N."
  (interactive "p")
  (setu--use-best n t))

(defun setu-show-buffer ()
  "Go to the *setu* buffer, to copy from it or pick a match."
  (interactive)
  (if (get-buffer setu-buffer-name)
      (pop-to-buffer setu-buffer-name)
    (message "setu: no matches yet (M-x setu-lookup-line)")))

(defun setu-lookup-line ()
  "Show the memory's best matches for the current line."
  (interactive)
  (let ((line (buffer-substring-no-properties (line-beginning-position) (line-end-position))))
    (unless (string-match-p "\\`[ \t]*\\'" line)
      (setu-lookup line))))

;;; Transliteration.

(defun setu-translit (text)
  "The Latin spelling of TEXT, or nil after an error (reported)."
  (let* ((answer (setu-request-sync
                  (setu--drop-nil `((op . "translit") (text . ,text) (scheme . ,setu-scheme)
                                    (memory . ,(and setu-memory t))))))
         (err (and answer (setu--error-text answer))))
    (cond ((null answer) (message "setu: no answer from the server") nil)
          (err (message "setu: %s" err) nil)
          (t (alist-get 'text answer)))))

(defun setu--translit-bounds (beg end replace)
  "Transliterate BEG..END; with REPLACE put the spelling in its place."
  (let* ((text (buffer-substring-no-properties beg end))
         (latin (setu-translit text)))
    (when latin
      (if replace
          (save-excursion
            (delete-region beg end)
            (goto-char beg)
            (insert latin))
        (message "%s → %s" text latin)))
    latin))

(defun setu-translit-word (&optional replace)
  "Show the Latin spelling of the word at point; with REPLACE (prefix), insert it."
  (interactive "P")
  (let ((bounds (bounds-of-thing-at-point 'symbol)))
    (if bounds
        (setu--translit-bounds (car bounds) (cdr bounds) replace)
      (message "setu: no word at point"))))

(defun setu-translit-region (beg end &optional replace)
  "Show the Latin spelling of the region BEG..END; with REPLACE, insert it."
  (interactive "r\nP")
  (setu--translit-bounds beg end replace))

(defun setu-add (&optional other)
  "Store the current line with OTHER, its translation (default: the next line).
The one in Devanagari is stored as Hindi, the other as English."
  (interactive "sTranslation (empty: the next line): ")
  (let* ((line (string-trim (buffer-substring-no-properties (line-beginning-position)
                                                            (line-end-position))))
         (other (string-trim
                 (if (and other (not (string-empty-p other)))
                     other
                   (save-excursion
                     (if (= (forward-line 1) 0)
                         (buffer-substring-no-properties (line-beginning-position)
                                                         (line-end-position))
                       "")))))
         (line-hi (> (setu-script-balance line) 0))
         (other-hi (> (setu-script-balance other) 0)))
    (if (or (string-empty-p line) (string-empty-p other) (eq line-hi other-hi))
        (progn (message "setu: add needs one Hindi and one English text") nil)
      (setu--add-pair (if line-hi line other) (if line-hi other line)))))

(defun setu--add-pair (hi en)
  "Store HI with EN; report and return the answer."
  (let* ((answer (setu-request-sync `((op . "add") (hi . ,hi) (en . ,en))))
         (err (and answer (setu--error-text answer))))
    (cond ((null answer) (message "setu: no answer from the server"))
          (err (message "setu: %s" err))
          (t (message "setu: %s unit %s"
                      (if (alist-get 'added answer) "added" "already stored as")
                      (alist-get 'unit answer))))
    answer))

;;; As you type.

(defun setu--schedule-lookup (&rest _)
  "Look the current line up after `setu-idle-delay' seconds of quiet."
  (when setu--timer
    (cancel-timer setu--timer))
  (let ((buffer (current-buffer)))
    (setq setu--timer
          (run-with-idle-timer setu-idle-delay nil
                               (lambda ()
                                 (when (buffer-live-p buffer)
                                   (with-current-buffer buffer (setu-lookup-line))))))))

(defvar setu-command-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "l") #'setu-lookup-line)
    (define-key map (kbd "r") #'setu-replace-line)
    (define-key map (kbd "i") #'setu-insert-match)
    (define-key map (kbd "t") (lambda () (interactive) (setu-translit-word t)))
    (define-key map (kbd "a") #'setu-add)
    (define-key map (kbd "w") #'setu-show-buffer)
    map)
  "setu's commands, under `setu-keymap-prefix' in `setu-mode'.")
(fset 'setu-command-map setu-command-map)

(defcustom setu-keymap-prefix "C-c s"
  "The prefix of `setu-command-map' in `setu-mode' (set before loading setu)."
  :type 'string)

(defvar setu-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd setu-keymap-prefix) 'setu-command-map)
    map)
  "Keys of `setu-mode'.")

;;;###autoload
(define-minor-mode setu-mode
  "Look the current line up in the translation memory as you type.
\\{setu-mode-map}"
  :lighter " setu"
  :keymap setu-mode-map
  (if setu-mode
      (add-hook 'after-change-functions #'setu--schedule-lookup nil t)
    (remove-hook 'after-change-functions #'setu--schedule-lookup t)))

(provide 'setu)
;;; setu.el ends here
