;;; emacs_test.el --- drives src/editors/emacs/setu.el in `emacs --batch' -*- lexical-binding: t; -*-

;; Run by tests/cli/t_editor_emacs.sh against a real `setu serve', with
;; SETU, SETU_TEST_TM, SETU_TEST_QUERY, SETU_TEST_WANT and SETU_TEST_LATIN
;; set.  Prints "ok"/"FAIL" per check; exits 0 only when all passed.

(require 'setu)

(defvar setu-test-failures 0)

(defun setu-test-check (name ok detail)
  "Report check NAME: OK, else DETAIL."
  (if ok
      (princ (format "ok   %s\n" name))
    (setq setu-test-failures (1+ setu-test-failures))
    (princ (format "FAIL %s: %S\n" name detail))))

(defun setu-test-wait (pred)
  "Run the server's output through until PRED holds (5 s at most)."
  (let ((deadline (+ (float-time) 5)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output setu--process 0.02))
    (funcall pred)))

(defun setu-test-main ()
  (setq setu-program (getenv "SETU")
        setu-tm (getenv "SETU_TEST_TM"))
  (let ((query (getenv "SETU_TEST_QUERY"))
        (want (getenv "SETU_TEST_WANT"))
        (latin-want (getenv "SETU_TEST_LATIN")))
    ;; translit: the word at point, shown and then replaced
    (with-temp-buffer
      (insert "कमल")
      (goto-char (point-min))
      (let ((latin (setu-translit-word)))
        (setu-test-check "translit" (equal latin latin-want) latin))
      (setu-translit-word t)
      (setu-test-check "translit with prefix replaces the word"
                       (equal (buffer-string) latin-want) (buffer-string)))

    ;; lookup of the current line into the *setu* buffer
    (when (get-buffer setu-buffer-name)
      (kill-buffer setu-buffer-name))
    (with-temp-buffer
      (insert query)
      (setu-lookup-line))
    (setu-test-wait (lambda () (get-buffer setu-buffer-name)))
    (let ((shown (and (get-buffer setu-buffer-name)
                      (with-current-buffer setu-buffer-name (buffer-string)))))
      (setu-test-check "*setu* shows the match"
                       (and shown (string-match-p (regexp-quote want) shown)) shown))

    ;; only the newest lookup's answer is used
    (let ((shown '()))
      (setu-lookup "first query" (lambda (_m) (push "first" shown)))
      (setu-lookup query (lambda (m) (push (format "second:%d" (length m)) shown)))
      (setu-test-wait (lambda () shown))
      (accept-process-output setu--process 0.2)
      (setu-test-check "only the newest lookup is shown"
                       (and (= (length shown) 1) (string-prefix-p "second" (car shown)))
                       shown))

    ;; setu-add, then a lookup finds the pair
    (with-temp-buffer
      (insert "नया वाक्य यहाँ है")
      (let ((answer (setu-add "A new sentence is here")))
        (setu-test-check "setu-add" (alist-get 'added answer) answer)))
    (let (found)
      (setu-lookup "A new sentence is here" (lambda (m) (setq found (or m 'none))))
      (setu-test-wait (lambda () found))
      (setu-test-check "add then lookup"
                       (and (consp found)
                            (equal (alist-get 'score (car found)) 100)
                            (equal (alist-get 'hi (car found)) "नया वाक्य यहाँ है"))
                       found))

    ;; setu-mode: a change arms the idle timer, which looks the line up
    (when (get-buffer setu-buffer-name)
      (kill-buffer setu-buffer-name))
    (with-temp-buffer
      (setu-mode 1)
      (insert query)
      (setu-test-check "setu-mode arms a timer" (timerp setu--timer) setu--timer)
      (when (timerp setu--timer)
        (timer-event-handler setu--timer))
      (setu-test-wait (lambda () (get-buffer setu-buffer-name)))
      (setu-mode -1))
    (let ((shown (and (get-buffer setu-buffer-name)
                      (with-current-buffer setu-buffer-name (buffer-string)))))
      (setu-test-check "setu-mode looks the line up"
                       (and shown (string-match-p (regexp-quote want) shown)) shown))

    ;; setu-memory: a name attested by a stored pair wins over the rules
    (setu-request-sync '((op . "add") (hi . "सौरव गांगुली ने कहा कि टीम अच्छा खेली।")
                         (en . "Sourav Ganguly said the team played well.")))
    (let* ((setu-memory t)
           (latin (setu-translit "सौरव")))
      (setu-test-check "translit with setu-memory" (equal latin "Sourav") latin))

    ;; an error answer reaches the caller
    (let ((answer (setu-request-sync '((op . "lookup") (text . "x") (lang . "fr")))))
      (setu-test-check "error answers reach the caller"
                       (equal (alist-get 'code (alist-get 'error answer)) "bad_field")
                       answer))
    ;; replace and insert with the best match's other language
    (with-temp-buffer
      (insert query "\nnext")
      (goto-char (point-min))
      (setu-insert-match)
      (setu-test-check "setu-insert-match puts the match below"
                       (equal (buffer-string)
                              (concat query "\nप्रधानमंत्री ने राजदूत से मुलाकात की।\nnext"))
                       (buffer-string))
      (setu-replace-line)
      (setu-test-check "setu-replace-line replaces the line"
                       (string-prefix-p "प्रधानमंत्री ने राजदूत से मुलाकात की।\n" (buffer-string))
                       (buffer-string))
      (setu-replace-line)
      (setu-test-check "setu-replace-line on Hindi gives the English"
                       (string-prefix-p "The prime minister met the ambassador.\n" (buffer-string))
                       (buffer-string)))

    ;; RET in *setu* puts the match at point in place of the looked-up line
    (when (get-buffer setu-buffer-name)
      (kill-buffer setu-buffer-name))
    (let ((doc (generate-new-buffer "doc")))
      (with-current-buffer doc
        (insert "first\n" query)
        (setu-lookup-line))
      (setu-test-wait (lambda () (get-buffer setu-buffer-name)))
      (with-current-buffer setu-buffer-name
        (goto-char (point-min))
        (forward-line 2)
        (setu-use-match-at-point))
      (setu-test-check "RET in *setu* replaces the line"
                       (equal (with-current-buffer doc (buffer-string))
                              "first\nप्रधानमंत्री ने राजदूत से मुलाकात की।")
                       (with-current-buffer doc (buffer-string)))
      (kill-buffer doc))

    ;; add: the sides are decided by script (English line, Hindi next line)
    (with-temp-buffer
      (insert "The river is wide.\nनदी चौड़ी है।")
      (goto-char (point-min))
      (let ((answer (setu-add "")))
        (setu-test-check "setu-add with the next line" (alist-get 'added answer) answer))
      (setu-test-check "setu-add refuses two English texts"
                       (null (setu-add "Another English line.")) "added"))
    (let (found)
      (setu-lookup "The river is wide." (lambda (m) (setq found (or m 'none))))
      (setu-test-wait (lambda () found))
      (setu-test-check "setu-add stored English as en and Hindi as hi"
                       (and (consp found)
                            (equal (alist-get 'hi (car found)) "नदी चौड़ी है।")
                            (equal (alist-get 'en (car found)) "The river is wide."))
                       found))

    ;; keys
    (setu-test-check "setu-mode binds C-c s r"
                     (eq (lookup-key setu-mode-map (kbd "C-c s r")) 'setu-replace-line)
                     (lookup-key setu-mode-map (kbd "C-c s r")))
    (setu-stop)

    ;; a missing program is named
    (let* ((setu-program "setu-not-installed-here")
           (msg (condition-case e (progn (setu-start) "started")
                  (user-error (error-message-string e)))))
      (setu-test-check "a missing setu is named"
                       (string-match-p "cannot find the program .setu-not-installed-here. on exec-path"
                                       msg)
                       msg))))

(condition-case err
    (setu-test-main)
  (error (setu-test-check "no Lisp error" nil err)))
(kill-emacs (if (= setu-test-failures 0) 0 1))

;;; emacs_test.el ends here
